import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSnapshot, checkWithSchema, SNAPSHOT_LIMITS } from './snapshot-check';
import { junk, mutateAt, snapshotArb } from '../testing/arbitraries';
import { toBase64 } from '../../encoding';
import { device, person, snapshot } from '../testing/test-support';

const refusal = (input: unknown) => {
  const r = checkSnapshot(input);
  return r.ok ? null : r.reason;
};

describe('snapshot check', () => {
  it('accepts a well-formed snapshot and returns a copy without extra fields', () => {
    const s = { ...snapshot([person('alice', 1), person('bob', 2)]), extra: 'dropped' };
    const r = checkSnapshot(s);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.snapshot).not.toHaveProperty('extra');
      expect(r.snapshot.participants).toHaveLength(2);
    }
  });

  it.each([
    ['not an object', 42, /snapshot refused/],
    ['an unknown adapter', { ...snapshot([]), adapter: 'imap' }, /at adapter: unknown adapter/],
    ['an empty origin', { ...snapshot([]), messenger: '' }, /empty messenger origin/],
    [
      'a key that is not base64',
      snapshot([person('bob', null, { identityKey: { algorithm: 'curve25519', key: 'not base64!' }, identityProblem: null })]),
      /participants\.0\.identityKey\.key: expected a base64 key/,
    ],
    [
      'a Curve25519 key in its 32-byte spelling (keys are compared as text)',
      snapshot([
        person('bob', null, { identityKey: { algorithm: 'curve25519', key: toBase64(new Uint8Array(32).fill(9)) }, identityProblem: null }),
      ]),
      /participants\.0\.identityKey: a key not in its canonical spelling/,
    ],
    [
      'a device key in unpadded base64',
      snapshot([
        person('bob', 2, {
          devices: [device('d', 3, { key: { algorithm: 'ed25519', key: toBase64(new Uint8Array(32).fill(7), false) } })],
        }),
      ]),
      /participants\.0\.devices\.0\.key: a key not in its canonical spelling/,
    ],
    [
      'an unknown key algorithm',
      snapshot([person('bob', null, { identityKey: { algorithm: 'rsa' as 'ed25519', key: 'AAAA' }, identityProblem: null })]),
      /expected a key algorithm/,
    ],
    [
      'a bad vouch',
      snapshot([person('bob', 2, { devices: [device('d', 3, { vouch: 'trusted' as 'signed' })] })]),
      /expected a device vouch/,
    ],
    ['a duplicate participant', snapshot([person('bob', 2), person('bob', 3)]), /participant "bob" appears twice/],
    // UTF-8 turns every lone surrogate into U+FFFD: two such ids would share one safety number and group number.
    ['an id with a lone surrogate', snapshot([person('mallory\uD800', 2)]), /has an id that is not well-formed text/],
    ['an id with a lone low surrogate', snapshot([person('\uDC00mallory', 2)]), /has an id that is not well-formed text/],
    ['a negative count of unread states', { ...snapshot([]), unread: { states: -1 } }, /unread\.states: negative count/],
    [
      'a fractional count of unread responses',
      { ...snapshot([]), unread: { responses: 1.5 } },
      /unread\.responses: expected a whole count/,
    ],
    ['an unknown kind of unread observation', { ...snapshot([]), unread: { frames: 2 } }, /unexpected/],
    ['a duplicate device', snapshot([person('bob', 2, { devices: [device('d', 3), device('d', 4)] })]), /lists device "d" twice/],
    ['a self that is not the account', snapshot([person('bob', 2, { isSelf: true })]), /"bob" is marked as the account holder/],
    ['the account not marked as self', snapshot([person('alice', 1, { isSelf: false })]), /"alice" is not marked as the account holder/],
    [
      'both a key and a key problem',
      snapshot([person('bob', 2, { identityProblem: 'odd' })]),
      /both an identity key and an identity problem/,
    ],
    [
      'too many participants',
      snapshot(Array.from({ length: SNAPSHOT_LIMITS.maxParticipants + 1 }, (_, i) => person(`p${i}`, i))),
      /too many participants/,
    ],
    ['an over-long id', snapshot([person('b'.repeat(SNAPSHOT_LIMITS.maxIdLength + 1), 2)]), /participant id longer than/],
  ])('refuses %s, saying why', (_, input, reason) => {
    expect(refusal(input)).toMatch(reason);
  });

  it('refuses a snapshot whose getters throw, without throwing', () => {
    const hostile = Object.defineProperty({ ...snapshot([]) }, 'participants', {
      enumerable: true,
      get: () => {
        throw new Error('nope');
      },
    });
    expect(refusal(hostile)).toMatch(/nope|unreadable/);
  });
});

describe('snapshot check without a copy', () => {
  const agree = (input: unknown) => {
    const fast = checkSnapshot(input);
    const schema = checkWithSchema(input);
    expect(fast.ok).toBe(schema.ok);
    if (fast.ok && schema.ok) expect(fast.snapshot).toEqual(schema.snapshot);
    else expect(fast).toEqual(schema);
    return fast;
  };

  it('takes the usual snapshot as it is, exactly what the schema copies', () => {
    const s = snapshot([person('alice', 1), person('bob', 2, { devices: [device('d', 3), device('e', 4)] }), person('carol', null)]);
    const r = agree(s);
    expect(r.ok && r.snapshot).toBe(s);
  });

  it('agrees with the schema on 5,000 valid, damaged and junk snapshots', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 3, arbitrary: snapshotArb },
          {
            weight: 6,
            arbitrary: fc
              .tuple(snapshotArb, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), junk)
              .map(([s, path, value]) => mutateAt(s, path, value)),
          },
          { weight: 1, arbitrary: junk },
        ),
        (input) => void agree(input),
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('snapshot check of values that could change when read again', () => {
  it('copies a participant whose field is a getter (even a hidden one) instead of taking it as it is', () => {
    const s = snapshot([person('alice', 1), person('bob', 2)]);
    const bob = s.participants[1]!;
    let reads = 0;
    for (const enumerable of [true, false]) {
      const tricky = { ...bob };
      Object.defineProperty(tricky, 'name', { get: () => (reads++ === 0 ? 'Bob' : 'Mallory'), enumerable });
      const r = checkSnapshot({ ...s, participants: [s.participants[0]!, tricky] });
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.snapshot.participants[1]).not.toBe(tricky);
        expect(r.snapshot.participants[1]!.name).toBe(r.snapshot.participants[1]!.name);
      }
      reads = 0;
    }
  });
});
