import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareGroupCode, encodeGroupCode } from './group-code';

const A = '111112222233333444445555566666777778888899999000001234567890';
const B = '111112222233333444445555566666777778888899999000001234567891';

describe('group code', () => {
  it('is the versioned prefix and the 60 digits, all in QR alphanumeric characters', () => {
    const code = encodeGroupCode(A);
    expect(code).toBe(`KEYWATCH:GROUP:1:${A}`);
    expect(code).toHaveLength(77);
    expect(code).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
  });

  it('matches the same number and only it', () => {
    expect(compareGroupCode(A, encodeGroupCode(A))).toEqual({ result: 'match' });
    expect(compareGroupCode(A, encodeGroupCode(B))).toEqual({ result: 'mismatch' });
  });

  it('tells a newer version from a foreign code', () => {
    expect(compareGroupCode(A, `KEYWATCH:GROUP:2:${A}`)).toEqual({ result: 'version-mismatch', ours: 1, theirs: 2 });
    expect(compareGroupCode(A, '\u0008\u0002\u0012"')).toMatchObject({ result: 'not-a-code' });
    expect(compareGroupCode(A, `KEYWATCH:GROUP:1:${A}0`)).toMatchObject({ result: 'not-a-code' });
    expect(compareGroupCode(A, 'KEYWATCH:GROUP:x')).toMatchObject({ result: 'not-a-code' });
    expect(compareGroupCode(A, new Uint8Array(3))).toMatchObject({ result: 'not-a-code' });
  });

  it('refuses to encode anything but 60 digits', () => {
    expect(() => encodeGroupCode('123')).toThrow(RangeError);
  });

  it('never throws on any scanned text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const out = compareGroupCode(A, 'KEYWATCH:GROUP:' + text);
        expect(['match', 'mismatch', 'version-mismatch', 'not-a-code']).toContain(out.result);
        expect(compareGroupCode(A, text).result).not.toBe('match');
      }),
    );
  });
});
