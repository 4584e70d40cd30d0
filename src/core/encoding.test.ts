import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { constantTimeEqual, fromBase64, toBase64, toHex } from './encoding';
import { fromHex } from './testing/hex';

describe('base64', () => {
  it('round-trips any bytes, padded and unpadded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(fromBase64(toBase64(bytes, false), 'forbidden')).toEqual(bytes);
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
  it('writes large inputs (past the native path) the same way', () => {
    for (const n of [32_767, 32_768, 32_769, 100_001]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97) & 0xff);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(toBase64(bytes, false)).toBe(Buffer.from(bytes).toString('base64').replace(/=+$/, ''));
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
  });
  it('rejects non-canonical and malformed text with a reason', () => {
    expect(() => fromBase64('QQ')).toThrow(/multiple of 4/);
    expect(() => fromBase64('QR==')).toThrow(/trailing bits/);
    expect(() => fromBase64('Q===')).toThrow();
    expect(() => fromBase64('QQ==', 'forbidden')).toThrow(/padding/);
    expect(() => fromBase64('A-B_')).toThrow(/invalid character/);
  });
});

describe('hex', () => {
  it('round-trips and rejects odd or non-hex input', () => {
    expect(toHex(fromHex('00ff10'))).toBe('00ff10');
    expect(() => fromHex('abc')).toThrow();
    expect(() => fromHex('zz')).toThrow();
  });
});

describe('constantTimeEqual', () => {
  it('agrees with ordinary equality', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(constantTimeEqual(a, a.slice())).toBe(true);
      }),
    );
  });
});
