import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, toHex, utf8 } from './encoding';
import { fromHex } from './testing/hex';
import { SafetyNumberError, compareScannedCode, computeSafetyNumber, type SafetyNumberParty } from './safety-number';

// libsignal's published vector (rust/protocol/src/fingerprint.rs and the Java and Node tests).
const alice = {
  stableId: utf8('+14152222222'),
  identityKey: fromHex('0506863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868'),
};
const bob = { stableId: utf8('+14153333333'), identityKey: fromHex('05f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b') };
const DISPLAY = '300354477692869396892869876765458257569162576843440918079131';
const ALICE_SCANNABLE_V1 =
  '080112220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df1a220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d';
const BOB_SCANNABLE_V1 =
  '080112220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d1a220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df';

/** The definition written out plainly with a general-purpose SHA-512, for keys libsignal cannot take. */
function referenceSide(party: SafetyNumberParty, iterations: number): Uint8Array {
  const key = party.identityKey;
  let h = sha512(concatBytes(new Uint8Array([0, 0]), key, party.stableId, key));
  for (let i = 1; i < iterations; i++) h = sha512(concatBytes(h, key));
  return h;
}
function referenceDigits(h: Uint8Array): string {
  let out = '';
  for (let i = 0; i < 30; i += 5) out += String(Number(BigInt('0x' + toHex(h.subarray(i, i + 5))) % 100000n)).padStart(5, '0');
  return out;
}

const party = fc.record({
  stableId: fc.uint8Array({ maxLength: 40 }),
  identityKey: fc.oneof(
    fc.uint8Array({ minLength: 32, maxLength: 32 }).map((k) => concatBytes(new Uint8Array([5]), k)),
    fc.uint8Array({ minLength: 32, maxLength: 32 }),
  ),
});

describe('computeSafetyNumber: libsignal vectors', () => {
  it('gives the published digits and scannable bytes for version 1, both views', () => {
    const a = computeSafetyNumber(alice, bob, { iterations: 5200, version: 1 });
    const b = computeSafetyNumber(bob, alice, { iterations: 5200, version: 1 });
    expect(a.digits).toBe(DISPLAY);
    expect(b.digits).toBe(DISPLAY);
    expect(toHex(a.scannable)).toBe(ALICE_SCANNABLE_V1);
    expect(toHex(b.scannable)).toBe(BOB_SCANNABLE_V1);
  });

  it('defaults to 5200 iterations and version 2 (Signal Desktop)', () => {
    const a = computeSafetyNumber(alice, bob);
    expect(a.digits).toBe(DISPLAY);
    expect(toHex(a.scannable)).toBe('0802' + ALICE_SCANNABLE_V1.slice(4));
  });
});

describe('computeSafetyNumber: definition and symmetry', () => {
  it('matches the plain definition, also for 32-byte (Ed25519) keys, and both views agree', () => {
    fc.assert(
      fc.property(party, party, fc.integer({ min: 2, max: 60 }), (local, remote, iterations) => {
        const mine = computeSafetyNumber(local, remote, { iterations });
        const theirs = computeSafetyNumber(remote, local, { iterations });
        const l = referenceSide(local, iterations),
          r = referenceSide(remote, iterations);
        const [ld, rd] = [referenceDigits(l), referenceDigits(r)];
        expect(mine.digits).toBe(ld < rd ? ld + rd : rd + ld);
        expect(theirs.digits).toBe(mine.digits);
        expect(toHex(mine.scannable)).toBe(`080212220a20${toHex(l.subarray(0, 32))}1a220a20${toHex(r.subarray(0, 32))}`);
        expect(compareScannedCode(mine.scannable, theirs.scannable)).toEqual({ result: 'match' });
        expect(compareScannedCode(theirs.scannable, mine.scannable)).toEqual({ result: 'match' });
      }),
      { numRuns: 100 },
    );
  });

  it('rejects out-of-range options and malformed parties with a typed error', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
        return 'none';
      } catch (e) {
        expect(e).toBeInstanceOf(SafetyNumberError);
        return (e as SafetyNumberError).code;
      }
    };
    for (const iterations of [1, 0, -5, 1_000_001, 2.5, NaN]) {
      expect(codeOf(() => computeSafetyNumber(alice, bob, { iterations }))).toBe('bad-iterations');
    }
    for (const version of [-1, 2 ** 32, 1.5]) expect(codeOf(() => computeSafetyNumber(alice, bob, { version }))).toBe('bad-version');
    const badKeys = [new Uint8Array(31), new Uint8Array(34), concatBytes(new Uint8Array([6]), new Uint8Array(32)), 'key'];
    for (const identityKey of badKeys) {
      expect(codeOf(() => computeSafetyNumber(alice, { ...bob, identityKey: identityKey as Uint8Array }))).toBe('bad-key');
    }
    expect(codeOf(() => computeSafetyNumber({ ...alice, stableId: 'x' as unknown as Uint8Array }, bob))).toBe('bad-identifier');
    expect(codeOf(() => computeSafetyNumber(null as unknown as SafetyNumberParty, bob))).toBe('bad-key');
  });

  it('accepts the bounds libsignal accepts', () => {
    expect(computeSafetyNumber(alice, bob, { iterations: 2 }).digits).toMatch(/^\d{60}$/);
    expect(computeSafetyNumber(alice, bob, { version: 2 ** 32 - 1 }).scannable.subarray(0, 6)).toEqual(
      Uint8Array.from([8, 0xff, 0xff, 0xff, 0xff, 0x0f]),
    );
  });

  it('keeps cached sides apart by key, identifier and iterations', () => {
    const base = computeSafetyNumber(alice, bob).digits;
    expect(computeSafetyNumber(alice, { ...bob, stableId: utf8('+14153333334') }).digits).not.toBe(base);
    expect(computeSafetyNumber(alice, bob, { iterations: 5201 }).digits).not.toBe(base);
    const otherKey = bob.identityKey.slice();
    otherKey[32]! ^= 1;
    expect(computeSafetyNumber(alice, { ...bob, identityKey: otherKey }).digits).not.toBe(base);
    expect(computeSafetyNumber(alice, bob).digits).toBe(base);
  });
});

describe('compareScannedCode', () => {
  const ours = fromHex(ALICE_SCANNABLE_V1);
  const theirs = fromHex(BOB_SCANNABLE_V1);

  it("matches the other person's code, not our own or a changed one", () => {
    expect(compareScannedCode(ours, theirs)).toEqual({ result: 'match' });
    expect(compareScannedCode(ours, ours)).toEqual({ result: 'mismatch' });
    for (const position of [6, 20, 37, 42, 60, 73]) {
      const changed = theirs.slice();
      changed[position]! ^= 0x01;
      expect(compareScannedCode(ours, changed).result).not.toBe('match');
    }
  });

  it('reports a version mismatch with both versions', () => {
    const v2 = theirs.slice();
    v2[1] = 2;
    expect(compareScannedCode(ours, v2)).toEqual({ result: 'version-mismatch', ours: 1, theirs: 2 });
  });

  it('reads fields in any order and skips unknown ones, like a protobuf decoder', () => {
    const local = theirs.subarray(2, 38),
      remote = theirs.subarray(38);
    const unknown = Uint8Array.from([0x20, 0x07, 0x2a, 0x01, 0xff]); // field 4 varint, field 5 bytes
    expect(compareScannedCode(ours, concatBytes(remote, unknown, local, theirs.subarray(0, 2)))).toEqual({ result: 'match' });
  });

  it('says "not a safety-number code" for malformed input and never throws', () => {
    for (const junk of [
      new Uint8Array(0),
      theirs.subarray(0, 40),
      Uint8Array.from([0x0b]),
      Uint8Array.from([0x08, 0x80]),
      'text',
      null,
      42,
    ]) {
      const outcome = compareScannedCode(ours, junk);
      expect(outcome.result).toBe('not-a-code');
      if (outcome.result === 'not-a-code') expect(outcome.reason).toMatch(/safety-number code/);
    }
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 100 }), fc.anything()), (junk) => {
        expect(['match', 'mismatch', 'version-mismatch', 'not-a-code']).toContain(compareScannedCode(ours, junk).result);
        expect(compareScannedCode(ours, junk).result).not.toBe('match');
      }),
    );
  });
});
