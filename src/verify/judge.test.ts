import { describe, expect, it } from 'vitest';
import { fromHex } from '../core/testing/hex';
import { encodeGroupCode } from '../core/group-code';
import { judgeContactScan, judgeGroupScan } from './judge';
import { bytesToLatin1 } from './qr';

// libsignal's published vector: Alice's and Bob's scannable codes (version 1).
const ALICE = fromHex(
  '080112220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df1a220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d',
);
const BOB = fromHex(
  '080112220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d1a220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df',
);
const DIGITS = '300354477692869396892869876765458257569162576843440918079131';

describe('judgeContactScan', () => {
  it("matches the other person's code, not our own", () => {
    expect(judgeContactScan(ALICE, bytesToLatin1(BOB))).toEqual({ kind: 'match' });
    expect(judgeContactScan(ALICE, bytesToLatin1(ALICE))).toEqual({ kind: 'mismatch' });
  });

  it('names a version difference, a group code and text that is no code', () => {
    const v2 = BOB.slice();
    v2[1] = 2;
    expect(judgeContactScan(ALICE, bytesToLatin1(v2))).toEqual({ kind: 'version', theirs: 2, ours: 1 });
    expect(judgeContactScan(ALICE, encodeGroupCode(DIGITS))).toEqual({ kind: 'group-code' });
    expect(judgeContactScan(ALICE, 'https://example.org')).toMatchObject({ kind: 'not-a-code' });
    expect(judgeContactScan(ALICE, '\u20ac')).toMatchObject({ kind: 'not-a-code' });
  });
});

describe('judgeGroupScan', () => {
  it("matches the same group number and names a person's code", () => {
    expect(judgeGroupScan(DIGITS, encodeGroupCode(DIGITS))).toEqual({ kind: 'match' });
    expect(judgeGroupScan(DIGITS, encodeGroupCode('0'.repeat(60)))).toEqual({ kind: 'mismatch' });
    expect(judgeGroupScan(DIGITS, bytesToLatin1(BOB))).toEqual({ kind: 'person-code' });
    expect(judgeGroupScan(DIGITS, 'hello')).toMatchObject({ kind: 'not-a-code' });
  });
});
