import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, toHex } from './encoding';
import { MAX_SUFFIX_BYTES, activeEngine, iterateSha512 } from './sha512-block';
import { sha512IterateModuleBytes } from './sha512-wasm';

/** The definition, written the plain way with a general-purpose SHA-512. */
function reference(digest: Uint8Array, suffix: Uint8Array, count: number): Uint8Array {
  let h = digest;
  for (let i = 0; i < count; i++) h = sha512(concatBytes(h, suffix));
  return h;
}

describe('iterateSha512', () => {
  it('uses WebAssembly where it is allowed (as in Node)', () => {
    expect(activeEngine()).toBe('wasm');
    expect(sha512IterateModuleBytes().length).toBeLessThan(4096); // small enough to compile synchronously anywhere
  });

  it('equals the plain definition on both engines, for every suffix length that fits one block', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.uint8Array({ maxLength: MAX_SUFFIX_BYTES }),
        fc.integer({ min: 0, max: 40 }),
        (digest, suffix, count) => {
          const expected = toHex(reference(digest, suffix, count));
          const before = toHex(digest);
          expect(toHex(iterateSha512(digest, suffix, count, 'wasm'))).toBe(expected);
          expect(toHex(iterateSha512(digest, suffix, count, 'js'))).toBe(expected);
          expect(toHex(digest)).toBe(before); // the input is not modified
        },
      ),
      { numRuns: 150 },
    );
  });

  it('agrees on a long run (5,199 hashes, as one safety-number side)', () => {
    const digest = sha512(new Uint8Array([1, 2, 3]));
    const key = new Uint8Array(33).map((_, i) => (i * 37) & 0xff);
    const expected = toHex(reference(digest, key, 5199));
    expect(toHex(iterateSha512(digest, key, 5199, 'wasm'))).toBe(expected);
    expect(toHex(iterateSha512(digest, key, 5199, 'js'))).toBe(expected);
  });

  it('refuses inputs that do not fit its one-block shape', () => {
    const digest = new Uint8Array(64);
    expect(() => iterateSha512(new Uint8Array(63), new Uint8Array(1), 1)).toThrow(/64 bytes/);
    expect(() => iterateSha512(digest, new Uint8Array(MAX_SUFFIX_BYTES + 1), 1)).toThrow(/at most 47/);
    expect(() => iterateSha512(digest, new Uint8Array(1), -1)).toThrow(/count/);
    expect(() => iterateSha512(digest, new Uint8Array(1), 1.5)).toThrow(/count/);
  });
});
