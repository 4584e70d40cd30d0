import { describe, expect, it } from 'vitest';
import { checkSnapshot, SNAPSHOT_LIMITS } from './snapshot-check';
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
