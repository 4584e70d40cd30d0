// The WebAssembly point checks against @noble/curves, on many more points than
// the key corpora (which run both engines too): random encodings, every real
// key moved by every torsion point, and the edges of the field.
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigIntToLittleEndian, pointCheckOf, yBelowP } from '../keys';
import { createWasmPointCheck } from './point-check';

const Point = ed25519.Point;
const P = Point.Fp.ORDER;
const wasm = pointCheckOf('wasm');
const js = pointCheckOf('js');
const torsion = Array.from({ length: 8 }, (_, k) =>
  Point.fromBytes(Uint8Array.from(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex'))).multiplyUnsafe(
    BigInt(k),
  ),
);

describe('WebAssembly point checks', () => {
  it('instantiate here', () => {
    expect(createWasmPointCheck()).not.toBeNull();
  });

  it('agree with @noble/curves on 1,000 random Edwards encodings and 1,000 random Montgomery u', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        if (!yBelowP(bytes)) return;
        const outcome = wasm('ed25519', bytes);
        expect(outcome).toBe(js('ed25519', bytes));
        seen.add(outcome?.code ?? 'valid');
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 2n, max: P - 2n }), (u) => {
        const bytes = bigIntToLittleEndian(u);
        expect(wasm('curve25519', bytes)).toBe(js('curve25519', bytes));
      }),
      { numRuns: 1000 },
    );
    expect(seen).toEqual(new Set(['not-on-curve', 'mixed-order', 'valid']));
  });

  it('find every real key valid, and every real key plus a torsion point small- or mixed-order, in both sign forms', () => {
    for (let i = 0; i < 40; i++) {
      const key = Point.fromBytes(ed25519.getPublicKey(ed25519.utils.randomSecretKey()));
      for (const [k, t] of torsion.entries()) {
        for (const point of [key.add(t), key.add(t).negate(), t]) {
          const bytes = point.toBytes();
          const expected = js('ed25519', bytes);
          expect(wasm('ed25519', bytes)).toBe(expected);
          if (point === t) expect(expected?.code).toBe('small-order');
          else expect(expected?.code ?? 'valid').toBe(k === 0 ? 'valid' : 'mixed-order');
        }
      }
    }
  });

  it('agree at the edges of the field: y or u near 0 and near p, and x = 0 with either sign', () => {
    const edges = [0n, 1n, 2n, 3n, 18n, 19n, P - 1n, P - 2n, P - 3n, (P - 1n) / 2n, (P + 1n) / 2n, 1n << 254n, (1n << 255n) - 20n];
    for (const value of edges) {
      for (const sign of [0, 1]) {
        const bytes = bigIntToLittleEndian(value);
        bytes[31]! |= sign << 7;
        expect(wasm('ed25519', bytes), `y = ${value}, sign ${sign}`).toBe(js('ed25519', bytes));
      }
      // Montgomery u: 0, 1 and p - 1 are refused before the point check (small order).
      if (value > 1n && value < P - 1n)
        expect(wasm('curve25519', bigIntToLittleEndian(value))).toBe(js('curve25519', bigIntToLittleEndian(value)));
    }
  });
});
