import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../encoding';
import {
  CHECK_MEMORY_RECORD_CAPACITY,
  CHECK_MEMORY_RECORDS,
  ChunkedCheckMemory,
  checkMemoryKey,
  type CheckMemoryRecord,
  type RecordStorage,
} from './chunked-memory';

/** storage.local as a Map, counting calls. */
class FakeStorage implements RecordStorage {
  readonly items = new Map<string, unknown>();
  reads = 0;
  writes: string[][] = [];
  async read(keys: string[]): Promise<Record<string, unknown>> {
    this.reads++;
    return Object.fromEntries(keys.filter((k) => this.items.has(k)).map((k) => [k, structuredClone(this.items.get(k))]));
  }
  async write(items: Record<string, unknown>): Promise<void> {
    this.writes.push(Object.keys(items));
    for (const [k, v] of Object.entries(items)) this.items.set(k, structuredClone(v));
  }
}

/** A format 2 record's bytes: these ids as given, outcome 0 each, then these places in use order. */
function sorted(ids: Uint8Array[], places: number[]): Uint8Array {
  const bytes = new Uint8Array(ids.length * 35);
  ids.forEach((x, i) => bytes.set(x, i * 32));
  const view = new DataView(bytes.buffer, ids.length * 33);
  places.forEach((place, i) => view.setUint16(i * 2, place));
  return bytes;
}

/** A 32-byte id whose first byte (its record) is `record`; `n` makes it distinct. */
function id(record: number, n: number): Uint8Array {
  const bytes = new Uint8Array(32);
  bytes[0] = record;
  new DataView(bytes.buffer).setUint32(1, n);
  return bytes;
}

describe('ChunkedCheckMemory', () => {
  it('writes the records it changed, in one write, and a new memory on the same storage reads them back', async () => {
    const storage = new FakeStorage();
    const memory = new ChunkedCheckMemory(storage);
    const ids = [id(0, 1), id(0, 2), id(7, 1), id(255, 9)];
    await memory.load(ids);
    ids.forEach((x, i) => memory.set(x, i));
    await memory.save();
    expect(storage.writes).toEqual([[checkMemoryKey(0), checkMemoryKey(7), checkMemoryKey(255)]]);
    const record = storage.items.get('verdicts/0') as CheckMemoryRecord;
    expect(record.format).toBe(2);
    expect(fromBase64(record.entries)).toHaveLength(2 * 35);

    const restarted = new ChunkedCheckMemory(storage);
    await restarted.load(ids);
    expect(ids.map((x) => restarted.get(x))).toEqual([0, 1, 2, 3]);
    expect(restarted.get(id(7, 2))).toBeUndefined();
    // Nothing changed: nothing to write.
    await restarted.save();
    expect(storage.writes).toHaveLength(1);
  });

  it('reads only the records the ids fall in, each once; or every record at once', async () => {
    const storage = new FakeStorage();
    const memory = new ChunkedCheckMemory(storage);
    await Promise.all([memory.load([id(3, 1), id(4, 1)]), memory.load([id(3, 2)])]);
    await memory.load([id(3, 5), id(4, 5)]);
    expect(storage.reads).toBe(1);
    expect(memory.complete).toBe(false);
    await memory.load();
    expect(memory.complete).toBe(true);
    await memory.load();
    expect(storage.reads).toBe(2);
  });

  it('finds every one of many outcomes, whatever the order they came in', async () => {
    const memory = new ChunkedCheckMemory(new FakeStorage());
    await memory.load();
    const ids = Array.from({ length: 2000 }, (_, n) => {
      const bytes = new Uint8Array(32);
      for (let i = 0; i < 32; i++) bytes[i] = (n * 2654435761 + i * 40503) >>> (i % 24);
      return bytes;
    });
    ids.forEach((x, n) => memory.set(x, n % 7));
    expect(ids.map((x) => memory.get(x))).toEqual(ids.map((_, n) => n % 7));
    expect(memory.size).toBe(new Set(ids.map((x) => x.join())).size);
  });

  it('reads back a stored record in any order, ids sharing their first bytes too, and finds each outcome', async () => {
    // 300 ids in record 5: in runs of up to 7 that agree on their first four bytes (and some far beyond),
    // stored in a shuffled order, as a record is stored least recently used first.
    const ids = Array.from({ length: 300 }, (_, n) => {
      const bytes = new Uint8Array(32);
      bytes[0] = 5;
      bytes[1] = (n >> 3) & 0xff;
      bytes[3] = n % 3;
      if (n % 2 === 0) bytes.fill(9, 4, 30);
      bytes[31] = (n * 37) & 0xff;
      return bytes;
    });
    const shuffled = ids.map((x, n) => ({ x, n, at: (n * 7919) % 301 })).sort((a, b) => a.at - b.at);
    const entries = new Uint8Array(shuffled.length * 33);
    shuffled.forEach(({ x, n }, i) => {
      entries.set(x, i * 33);
      entries[i * 33 + 32] = n % 11;
    });
    expect(new Set(ids.map((x) => x.join())).size).toBe(300);
    const storage = new FakeStorage();
    storage.items.set(checkMemoryKey(5), { format: 1, entries: toBase64(entries) });
    const memory = new ChunkedCheckMemory(storage);
    await memory.load();
    expect(memory.size).toBe(300);
    expect(ids.map((x) => memory.get(x))).toEqual(ids.map((_, n) => n % 11));
    const absent = ids[4]!.slice();
    absent[31] = absent[31]! ^ 1;
    expect(memory.get(absent)).toBeUndefined();
  });

  it('reads a record of the first format, and writes it back in the second with the same order of use', async () => {
    // Format 1: id(3, 2) least recently used, then id(3, 9), then id(3, 5).
    const order = [id(3, 2), id(3, 9), id(3, 5)];
    const entries = new Uint8Array(order.length * 33);
    order.forEach((x, i) => {
      entries.set(x, i * 33);
      entries[i * 33 + 32] = i;
    });
    const storage = new FakeStorage();
    storage.items.set(checkMemoryKey(3), { format: 1, entries: toBase64(entries) });
    const memory = new ChunkedCheckMemory(storage);
    await memory.load();
    expect(order.map((x) => memory.get(x))).toEqual([0, 1, 2]);
    memory.set(id(3, 7), 1);
    await memory.save();
    const record = storage.items.get(checkMemoryKey(3)) as CheckMemoryRecord;
    expect(record.format).toBe(2);
    // Ids ascending: 2, 5, 7, 9; each one's place in use order: asked 2, 9, 5, then 7 set.
    const bytes = fromBase64(record.entries);
    const places = new DataView(bytes.buffer, bytes.byteOffset + 4 * 33);
    expect([0, 1, 2, 3].map((i) => places.getUint16(i * 2))).toEqual([0, 2, 3, 1]);
    // Read back by a new worker: the least recently used still goes first when the record is full.
    const again = new ChunkedCheckMemory(storage);
    await again.load();
    expect([id(3, 2), id(3, 5), id(3, 7), id(3, 9)].map((x) => again.get(x))).toEqual([0, 2, 1, 1]);
  });

  it(`keeps at most ${CHECK_MEMORY_RECORD_CAPACITY} outcomes a record, forgetting the least recently used`, async () => {
    const storage = new FakeStorage();
    const memory = new ChunkedCheckMemory(storage);
    await memory.load([id(5, 0)]);
    for (let n = 0; n < CHECK_MEMORY_RECORD_CAPACITY; n++) memory.set(id(5, n), 0);
    expect(memory.get(id(5, 0))).toBe(0); // used: now the most recent
    memory.set(id(5, 10_000), 1);
    expect(memory.size).toBe(CHECK_MEMORY_RECORD_CAPACITY);
    expect(memory.get(id(5, 1))).toBeUndefined(); // the least recently used went
    expect(memory.get(id(5, 0))).toBe(0);
    await memory.save();
    const stored = fromBase64((storage.items.get('verdicts/5') as CheckMemoryRecord).entries);
    expect(stored.length / 35).toBe(CHECK_MEMORY_RECORD_CAPACITY);
    // Ids ascending, then outcomes, then places in use order: id(5, 0), the first id, is the one used last.
    expect(stored.subarray(0, 32)).toEqual(id(5, 0));
    const places = new DataView(stored.buffer, stored.byteOffset + 33 * CHECK_MEMORY_RECORD_CAPACITY);
    expect(places.getUint16(0)).toBe(CHECK_MEMORY_RECORD_CAPACITY - 1);
    // Other records are untouched by a full one.
    expect(CHECK_MEMORY_RECORDS * CHECK_MEMORY_RECORD_CAPACITY).toBe(81_920);
  });

  it('reads a damaged or foreign record as empty and writes it afresh', async () => {
    const wrongPlace = new Uint8Array(33);
    wrongPlace[0] = 9; // an id of record 9, stored in record 8
    const damaged: Array<[number, unknown]> = [
      [1, 'text'],
      [2, { format: 3, entries: '' }],
      [3, { format: 1, entries: 'not base64!' }],
      [4, { format: 1, entries: toBase64(new Uint8Array(34)) }],
      [5, { format: 1, entries: toBase64(new Uint8Array(33 * (CHECK_MEMORY_RECORD_CAPACITY + 1)).fill(5)) }],
      [8, { format: 1, entries: toBase64(wrongPlace) }],
      [10, { format: 2, entries: toBase64(new Uint8Array(36)) }],
      [11, { format: 2, entries: toBase64(sorted([id(11, 2), id(11, 1)], [0, 1])) }],
      [12, { format: 2, entries: toBase64(sorted([id(12, 1), id(12, 1)], [0, 1])) }],
      [13, { format: 2, entries: toBase64(sorted([id(14, 1)], [0])) }],
      [15, { format: 2, entries: toBase64(sorted([id(15, 1), id(15, 2)], [0, 2])) }],
    ];
    const storage = new FakeStorage();
    for (const [index, value] of damaged) storage.items.set(checkMemoryKey(index), value);
    const memory = new ChunkedCheckMemory(storage);
    const ids = damaged.map(([index]) => id(index, 0));
    await memory.load(ids);
    expect(memory.size).toBe(0);
    memory.set(id(8, 1), 1);
    await memory.save();
    const again = new ChunkedCheckMemory(storage);
    await again.load([id(8, 1)]);
    expect(again.get(id(8, 1))).toBe(1);
  });

  it('keeps what is set while a record is being read, and refuses outcomes it could not store', async () => {
    const storage = new FakeStorage();
    const first = new ChunkedCheckMemory(storage);
    await first.load([id(6, 1)]);
    first.set(id(6, 1), 0);
    await first.save();
    const memory = new ChunkedCheckMemory(storage);
    const loading = memory.load([id(6, 1)]);
    memory.set(id(6, 2), 1);
    await loading;
    expect([memory.get(id(6, 1)), memory.get(id(6, 2))]).toEqual([0, 1]);
    memory.set(new Uint8Array(31), 0);
    memory.set(id(6, 3), 256);
    memory.set(id(6, 4), -1);
    expect(memory.size).toBe(2);
  });

  it('forgets everything, even a read begun before, so cleared outcomes never come back', async () => {
    const storage = new FakeStorage();
    const writer = new ChunkedCheckMemory(storage);
    await writer.load([id(2, 1)]);
    writer.set(id(2, 1), 0);
    await writer.save();
    const memory = new ChunkedCheckMemory(storage);
    const loading = memory.load([id(2, 1)]);
    memory.forget();
    storage.items.clear();
    await loading;
    expect(memory.get(id(2, 1))).toBeUndefined();
    await memory.load([id(2, 1)]);
    expect(memory.get(id(2, 1))).toBeUndefined();
    await memory.save();
    expect(storage.items.size).toBe(0);
  });
});
