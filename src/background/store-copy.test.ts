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
