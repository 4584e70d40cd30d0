import { describe, expect, it } from 'vitest';
import { bucketHash } from './content-hash';
import { CHUNK_AVERAGE_BOUNDS, chunkCountFor, chunkIndexOf, isChunkCount, MAX_ROSTER_CHUNKS } from './roster-chunks';

describe('roster chunk layout', () => {
  it('counts in powers of two, about 32 members a chunk, at least one', () => {
    expect([0, 1, 32, 33, 64, 65, 1000, 10_000].map((m) => chunkCountFor(m, null))).toEqual([1, 1, 1, 2, 2, 4, 32, 512]);
    expect(chunkCountFor(10 ** 6, null)).toBe(MAX_ROSTER_CHUNKS);
  });

  it('keeps the count while the average chunk stays within bounds, so a roster hovering at a threshold is not rewritten each time', () => {
    expect(chunkCountFor(1000, 32)).toBe(32);
    expect(chunkCountFor(CHUNK_AVERAGE_BOUNDS.most * 32, 32)).toBe(32);
    expect(chunkCountFor(CHUNK_AVERAGE_BOUNDS.most * 32 + 1, 32)).toBe(128);
    expect(chunkCountFor(CHUNK_AVERAGE_BOUNDS.fewest * 32, 32)).toBe(32);
    expect(chunkCountFor(CHUNK_AVERAGE_BOUNDS.fewest * 32 - 1, 32)).toBe(8);
    expect(chunkCountFor(0, 1)).toBe(1);
    expect(chunkCountFor(64, 1)).toBe(1);
    expect(chunkCountFor(65, 1)).toBe(4);
    // A count chosen afresh sits well inside the bounds: it takes a fourfold change to move again.
    for (let m = 1; m <= 20_000; m += 37) {
      const n = chunkCountFor(m, null);
      expect(chunkCountFor(m, n)).toBe(n);
    }
    expect(chunkCountFor(10, 3)).toBe(1); // not a chunk count: chosen afresh
  });

  it('knows a chunk count when it sees one', () => {
    expect([1, 2, 64, MAX_ROSTER_CHUNKS].every(isChunkCount)).toBe(true);
    expect([0, 3, -2, 1.5, 2 * MAX_ROSTER_CHUNKS, '4', null, Number.NaN].some(isChunkCount)).toBe(false);
  });

  it('places a member by a hash of the id alone, spread evenly', () => {
    // Part of the storage format: these values (worked out separately from the definition,
    // FNV-1a over UTF-16 code units then the MurmurHash3 finalizer) must never change.
    expect(['', 'alice', 'member-1@courier.example', '\u00e9\u{1F600}'].map(bucketHash)).toEqual([
      2_872_998_923, 3_927_234_078, 619_259_773, 4_159_213_040,
    ]);
    const sizes = new Array<number>(32).fill(0);
    for (let i = 0; i < 1000; i++) sizes[chunkIndexOf(`member-${i}@courier.example`, 32)]! += 1;
    expect(Math.max(...sizes)).toBeLessThan(60);
    expect(Math.min(...sizes)).toBeGreaterThan(12);
    expect(chunkIndexOf('anyone', 1)).toBe(0);
  });
});
