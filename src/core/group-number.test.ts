import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, toBase64, toHex, utf8 } from './encoding';
import { fromHex } from './testing/hex';
import { GroupNumberError, groupMembersFromRoster, groupSafetyNumber, type GroupMember } from './group-number';
import type { ParticipantView } from './roster';
import { computeSafetyNumber } from './safety-number';

// The vector published in docs/safety-numbers.md.
const ALICE: GroupMember = {
  stableId: utf8('+14152222222'),
  identityKey: fromHex('0506863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868'),
  algorithm: 'curve25519',
};
const BOB: GroupMember = {
  stableId: utf8('+14153333333'),
  identityKey: fromHex('05f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b'),
  algorithm: 'curve25519',
};
const CAROL: GroupMember = {
  stableId: utf8('@carol:example.org'),
  identityKey: fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'),
  algorithm: 'ed25519',
};
const VECTOR = '209324693616083514753991814697108674960071141876668794300885';

/** docs/safety-numbers.md, written out the plain way with a general-purpose SHA-512. */
function reference(members: GroupMember[], iterations: number): string {
  const u32 = (n: number) => Uint8Array.from([n >>> 24, n >>> 16, n >>> 8, n].map((b) => b & 0xff));
  const domain = utf8('KeyWatch group safety number v1');
  const records = members
    .map(({ stableId, identityKey, algorithm }) => {
      const key = algorithm === 'curve25519' && identityKey.length === 32 ? concatBytes(Uint8Array.of(5), identityKey) : identityKey;
      const alg = utf8(algorithm);
      return concatBytes(u32(alg.length), alg, u32(stableId.length), stableId, u32(key.length), key);
    })
    .sort((a, b) => Buffer.from(a).compare(Buffer.from(b)));
  let h = sha512(concatBytes(domain, u32(members.length), ...records));
  for (let i = 1; i < iterations; i++) h = sha512(concatBytes(h, domain));
  let digits = '';
  for (let i = 0; i < 60; i += 5) digits += String(Number(BigInt('0x' + toHex(h.subarray(i, i + 5))) % 100000n)).padStart(5, '0');
  return digits;
}

const member = fc.oneof(
  fc.record({
    stableId: fc.uint8Array({ maxLength: 24 }),
    identityKey: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((k) => concatBytes(Uint8Array.of(5), k)),
    algorithm: fc.constant('curve25519' as const),
  }),
  fc.record({
    stableId: fc.uint8Array({ maxLength: 24 }),
    identityKey: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    algorithm: fc.constant('ed25519' as const),
  }),
);
const roster = fc.uniqueArray(member, { minLength: 1, maxLength: 8, selector: (m) => toHex(m.stableId) });
const FEW = { iterations: 3 };

describe('groupSafetyNumber', () => {
  it('gives the documented vector, which the plain definition reproduces', () => {
    expect(groupSafetyNumber([ALICE, BOB, CAROL]).digits).toBe(VECTOR);
    expect(reference([ALICE, BOB, CAROL], 5200)).toBe(VECTOR);
  });

  it('equals the plain definition on random rosters', () => {
    fc.assert(
      fc.property(roster, fc.integer({ min: 2, max: 30 }), (members, iterations) => {
        expect(groupSafetyNumber(members, { iterations }).digits).toBe(reference(members, iterations));
      }),
      { numRuns: 100 },
    );
  });

  it("is the same for every member's view: any order, and each member listing themself first", () => {
    fc.assert(
      fc.property(roster, fc.nat(), (members, seed) => {
        const expected = groupSafetyNumber(members, FEW).digits;
        expect(groupSafetyNumber([...members].reverse(), FEW).digits).toBe(expected);
        const shuffled = [...members].sort((a, b) => (toHex(a.stableId) + seed < toHex(b.stableId) + seed ? -1 : 1));
        expect(groupSafetyNumber(shuffled, FEW).digits).toBe(expected);
        members.forEach((self, i) => {
          const view = [self, ...members.slice(0, i), ...members.slice(i + 1)];
          expect(groupSafetyNumber(view, FEW).digits).toBe(expected);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('changes with any single change to the roster', () => {
    fc.assert(
      fc.property(roster, fc.nat(), fc.nat(), member, (members, which, position, newcomer) => {
        const before = groupSafetyNumber(members, FEW).digits;
        const i = which % members.length;
        const target = members[i]!;
        const replace = (m: GroupMember) => members.map((x, j) => (j === i ? m : x));
        // One byte of a stable id (or one byte more).
        const id = target.stableId.length > 0 ? target.stableId.slice() : Uint8Array.of(0);
        if (target.stableId.length > 0) id[position % id.length]! ^= 1 << (position % 8);
        if (!members.some((m) => toHex(m.stableId) === toHex(id))) {
          expect(groupSafetyNumber(replace({ ...target, stableId: id }), FEW).digits).not.toBe(before);
        }
        // One bit of an identity key (never the 0x05 type byte, which would make it invalid).
        const key = target.identityKey.slice();
        const start = target.algorithm === 'curve25519' ? 1 : 0;
        key[start + (position % (key.length - start))]! ^= 1 << (position % 8);
        expect(groupSafetyNumber(replace({ ...target, identityKey: key }), FEW).digits).not.toBe(before);
        // The same 32 bytes declared under the other algorithm.
        const raw = target.algorithm === 'curve25519' ? target.identityKey.subarray(1) : target.identityKey;
        const flipped: GroupMember = {
          ...target,
          identityKey: raw,
          algorithm: target.algorithm === 'curve25519' ? 'ed25519' : 'curve25519',
        };
        expect(groupSafetyNumber(replace(flipped), FEW).digits).not.toBe(before);
        // Removing a member, adding one.
        if (members.length > 1)
          expect(
            groupSafetyNumber(
              members.filter((_, j) => j !== i),
              FEW,
            ).digits,
          ).not.toBe(before);
        if (!members.some((m) => toHex(m.stableId) === toHex(newcomer.stableId))) {
          expect(groupSafetyNumber([...members, newcomer], FEW).digits).not.toBe(before);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('treats a Curve25519 key with or without its 0x05 prefix as the same key', () => {
    const bare = { ...BOB, identityKey: BOB.identityKey.subarray(1) };
    expect(groupSafetyNumber([ALICE, bare, CAROL]).digits).toBe(VECTOR);
  });

  it('is separate from the pairwise number of the same two people', () => {
    expect(groupSafetyNumber([ALICE, BOB]).digits).not.toBe(computeSafetyNumber(ALICE, BOB).digits);
  });

  it('refuses malformed rosters with a typed error', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
        return 'none';
      } catch (e) {
        expect(e).toBeInstanceOf(GroupNumberError);
        return (e as GroupNumberError).code;
      }
    };
    expect(codeOf(() => groupSafetyNumber([]))).toBe('no-members');
    expect(codeOf(() => groupSafetyNumber([ALICE, { ...BOB, stableId: ALICE.stableId }]))).toBe('duplicate-member');
    expect(codeOf(() => groupSafetyNumber([{ ...CAROL, identityKey: new Uint8Array(33) }]))).toBe('bad-key');
    expect(codeOf(() => groupSafetyNumber([{ ...ALICE, identityKey: new Uint8Array(33) }]))).toBe('bad-key');
    expect(codeOf(() => groupSafetyNumber([{ ...ALICE, algorithm: 'x448' as 'ed25519' }]))).toBe('bad-key');
    expect(codeOf(() => groupSafetyNumber([{ ...ALICE, stableId: 'alice' as unknown as Uint8Array }]))).toBe('bad-identifier');
    expect(codeOf(() => groupSafetyNumber([ALICE], { iterations: 1 }))).toBe('bad-iterations');
  });
});

describe('groupMembersFromRoster', () => {
  const participant = (id: string, identityKey: ParticipantView['identityKey']): ParticipantView => ({
    id,
    name: id,
    identityKey,
    identityProblem: null,
    shown: true,
    isSelf: false,
    devices: [],
  });

  it('takes ids as UTF-8 and keys from base64, giving the documented vector', () => {
    const members = groupMembersFromRoster([
      participant('@carol:example.org', { algorithm: 'ed25519', key: toBase64(CAROL.identityKey) }),
      participant('+14152222222', { algorithm: 'curve25519', key: toBase64(ALICE.identityKey) }),
      participant('+14153333333', { algorithm: 'curve25519', key: toBase64(BOB.identityKey) }),
    ]);
    expect(groupSafetyNumber(members).digits).toBe(VECTOR);
  });

  it('refuses a roster in which someone has no identity key, naming them', () => {
    expect(() => groupMembersFromRoster([participant('+14152222222', null)])).toThrow(/\+14152222222/);
  });
});
