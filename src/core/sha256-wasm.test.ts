import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWasmSha256, sha256 } from './sha256-wasm';

const reference = (message: Uint8Array) => new Uint8Array(createHash('sha256').update(message).digest());

describe('SHA-256 in WebAssembly', () => {
  const wasm = createWasmSha256();

  it('instantiates here, and sha256 uses it', () => {
    expect(wasm).not.toBeNull();
    expect(sha256(new Uint8Array(0))).toEqual(reference(new Uint8Array(0)));
  });

  it('equals node:crypto on every length from 0 to 300 bytes (every padding case) and on known vectors', () => {
    for (let n = 0; n <= 300; n++) {
      const message = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n * 7) & 0xff);
      expect(wasm!(message), `length ${n}`).toEqual(reference(message));
    }
    const abc = Buffer.from(wasm!(new TextEncoder().encode('abc'))).toString('hex');
    expect(abc).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('equals node:crypto on random messages, a few megabytes included (the memory grows)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (message) => {
        expect(wasm!(message)).toEqual(reference(message));
      }),
      { numRuns: 300 },
    );
    const large = Uint8Array.from({ length: 3_000_001 }, (_, i) => (i * 131) & 0xff);
    expect(wasm!(large)).toEqual(reference(large));
    // And a small one after the growth.
    expect(wasm!(Uint8Array.of(1, 2, 3))).toEqual(reference(Uint8Array.of(1, 2, 3)));
  });
});
