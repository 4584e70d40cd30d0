import { describe, expect, it } from 'vitest';
import { StoreCopy } from './store-copy';

/** A storage whose reads are answered only when the test says so, holding the values they were asked at. */
function slowStorage(initial: Record<string, unknown>) {
  const storage = { ...initial };
  const waiting: Array<() => void> = [];
  const read = (keys: string[]) => {
    const found = Object.fromEntries(keys.filter((k) => Object.hasOwn(storage, k)).map((k) => [k, storage[k]]));
    return new Promise<Record<string, unknown>>((resolve) => waiting.push(() => resolve(found)));
  };
  return { storage, read, answer: () => waiting.splice(0).forEach((go) => go()) };
}

describe("the background's copy of the store", () => {
  it('learns what it loads: each value, or that there is none', async () => {
    const slow = slowStorage({ a: 1 });
    const copy = new StoreCopy(slow.read);
    expect(copy.knows('a')).toBe(false);
    const loading = copy.load(['a', 'b']);
    slow.answer();
    await loading;
    expect([copy.knows('a'), copy.get('a'), copy.knows('b'), copy.get('b')]).toEqual([true, 1, true, undefined]);
  });

  it('keeps a write applied while a read of the same key was on its way', async () => {
    const slow = slowStorage({ a: 'old', b: 'old' });
    const copy = new StoreCopy(slow.read);
    const loading = copy.load(['a', 'b', 'c']); // the read sees a and b as they were
    slow.storage.a = 'new';
    copy.apply({ a: 'new', c: 'written' }, ['b']);
    slow.answer();
    await loading;
    expect([copy.get('a'), copy.knows('b'), copy.get('b'), copy.get('c')]).toEqual(['new', true, undefined, 'written']);
  });

  it('counts what it knows, absent keys included', async () => {
    const slow = slowStorage({ a: 1 });
    const copy = new StoreCopy(slow.read);
    const loading = copy.load(['a', 'b']);
    slow.answer();
    await loading;
    copy.apply({ c: 3 }, ['a']);
    expect(copy.size).toBe(3);
  });
});

describe('reads on their way', () => {
  it('are shared: a key asked for again while it is being read is not read twice', async () => {
    const slow = slowStorage({ a: 1, b: 2 });
    const asked: string[][] = [];
    const copy = new StoreCopy((keys) => (asked.push(keys), slow.read(keys)));
    const first = copy.load(['a', 'b']);
    const second = copy.load(['b', 'c']);
    slow.answer();
    await Promise.all([first, second]);
    expect(asked).toEqual([['a', 'b'], ['c']]);
    expect([copy.get('a'), copy.get('b'), copy.knows('c')]).toEqual([1, 2, true]);
  });

  it('a load waiting on another read finishes only when that read has brought its keys', async () => {
    const slow = slowStorage({ a: 1 });
    const copy = new StoreCopy(slow.read);
    const first = copy.load(['a']);
    let secondDone = false;
    const second = copy.load(['a']).then(() => (secondDone = true));
    await Promise.resolve();
    expect(secondDone).toBe(false);
    slow.answer();
    await Promise.all([first, second]);
    expect([secondDone, copy.get('a')]).toEqual([true, 1]);
  });

  it('a shared read that fails is read again by the load that waited on it', async () => {
    let calls = 0;
    const copy = new StoreCopy(async (keys) => {
      calls++;
      if (calls === 1) throw new Error('storage refused');
      return Object.fromEntries(keys.map((k) => [k, `value of ${k}`]));
    });
    const first = copy.load(['a']);
    const second = copy.load(['a']);
    await expect(first).rejects.toThrow('storage refused');
    await second;
    expect([calls, copy.get('a')]).toEqual([2, 'value of a']);
  });

  it('a write applied while a shared read was on its way still wins', async () => {
    const slow = slowStorage({ a: 'old' });
    const copy = new StoreCopy(slow.read);
    const first = copy.load(['a']);
    const second = copy.load(['a']);
    copy.apply({ a: 'new' }, []);
    slow.answer();
    await Promise.all([first, second]);
    expect(copy.get('a')).toBe('new');
  });

  it('takes in a carried copy only for keys it neither knows nor is reading', async () => {
    const slow = slowStorage({ read: 'from storage', reading: 'from storage' });
    const copy = new StoreCopy(slow.read);
    const first = copy.load(['read']);
    slow.answer();
    await first;
    copy.apply({ written: 'by this worker' }, ['deleted']);
    const loading = copy.load(['reading']);
    copy.adopt({
      values: [
        ['read', 'carried'],
        ['written', 'carried'],
        ['deleted', 'carried'],
        ['reading', 'carried'],
        ['new', 'carried'],
      ],
      absent: ['read', 'written', 'gone'],
    });
    slow.answer();
    await loading;
    expect(['read', 'written', 'deleted', 'reading', 'new', 'gone'].map((k) => [copy.knows(k), copy.get(k)])).toEqual([
      [true, 'from storage'],
      [true, 'by this worker'],
      [true, undefined],
      [true, 'from storage'],
      [true, 'carried'],
      [true, undefined],
    ]);
  });

  it('gives everything it knows, values and absences, to carry', async () => {
    const slow = slowStorage({ a: 1 });
    const copy = new StoreCopy(slow.read);
    const loading = copy.load(['a', 'b']);
    slow.answer();
    await loading;
    copy.apply({ c: 3 }, []);
    const known = copy.known();
    expect(new Map(known.values)).toEqual(
      new Map([
        ['a', 1],
        ['c', 3],
      ]),
    );
    expect(known.absent).toEqual(['b']);
  });
});
