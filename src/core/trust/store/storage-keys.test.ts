import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alertKey,
  contactKey,
  contactKeysOf,
  conversationKey,
  isAlertId,
  isDerivedKey,
  isTripleKey,
  noticeDigestKey,
  openAlertsKey,
  parseStorageKey,
  quarantineKey,
  rosterChunkKey,
  SCHEMA_KEY,
  SUMMARY_KEY,
} from './storage-keys';

const part = fc.string({ unit: fc.constantFrom('a', '|', '%', '7', 'C', '2', '5', '/', 'é') });

describe('storage keys', () => {
  it('names each record under its own namespace', () => {
    expect(contactKey('https://courier.example', 'alice', 'bob')).toBe('v1/contact/https://courier.example|alice|bob');
    expect(conversationKey('https://courier.example', 'alice', 'team')).toBe('v1/conversation/https://courier.example|alice|team');
    expect(alertKey('0'.repeat(32))).toBe(`v1/alert/${'0'.repeat(32)}`);
    expect(rosterChunkKey('https://courier.example', 'alice', 'team', 3)).toBe('v2/roster/https://courier.example|alice|team/3');
    expect(parseStorageKey(SCHEMA_KEY)).toEqual({ kind: 'schema' });
    expect(parseStorageKey('keywatch')).toEqual({ kind: 'legacy-v0' });
    expect(parseStorageKey(quarantineKey('ab', 'v1/contact/x'))).toEqual({ kind: 'quarantine' });
  });

  it('round-trips any parts, even ones holding the separator or the escape character', () => {
    fc.assert(
      fc.property(part, part, part, (a, b, c) => {
        expect(parseStorageKey(contactKey(a, b, c))).toEqual({ kind: 'contact', origin: a, account: b, contactId: c });
        expect(parseStorageKey(conversationKey(a, b, c))).toEqual({ kind: 'conversation', origin: a, account: b, conversationId: c });
      }),
    );
    fc.assert(
      fc.property(part, part, part, fc.nat({ max: 1023 }), (a, b, c, index) => {
        expect(parseStorageKey(rosterChunkKey(a, b, c, index))).toEqual({
          kind: 'roster-chunk',
          origin: a,
          account: b,
          conversationId: c,
          index,
        });
      }),
    );
  });

  it('names the contacts of one origin and account alike, one at a time or many', () => {
    fc.assert(
      fc.property(part, part, part, (a, b, c) => {
        expect(contactKeysOf(a, b)(c)).toBe(contactKey(a, b, c));
      }),
    );
  });

  it('matches a key against its parts in place exactly when building the key would give the same string', () => {
    const key = fc.oneof(
      fc.tuple(part, part, part).map(([a, b, c]) => contactKey(a, b, c)),
      fc.string({ unit: fc.constantFrom('a', '|', '%', '7', 'C', '2', '5', '/') }).map((rest) => `v1/contact/${rest}`),
    );
    fc.assert(
      fc.property(key, part, part, part, (k, a, b, c) => {
        expect(isTripleKey(k, 'v1/contact/', a, b, c)).toBe(contactKey(a, b, c) === k);
        const parsed = parseStorageKey(k);
        if (parsed.kind === 'contact') expect(isTripleKey(k, 'v1/contact/', parsed.origin, parsed.account, parsed.contactId)).toBe(true);
        expect(isTripleKey(k, 'v1/conversation/', a, b, c)).toBe(false);
      }),
      { numRuns: 2000 },
    );
    expect(isTripleKey('v1/contact/a|b|c', 'v1/contact/', 'a', 'b', 'c')).toBe(true);
    expect(isTripleKey('v1/contact/a|b|cd', 'v1/contact/', 'a', 'b', 'c')).toBe(false);
    expect(isTripleKey('v1/contact/a|b|c%7Cd', 'v1/contact/', 'a', 'b', 'c|d')).toBe(true);
    expect(isTripleKey('v1/contact/a|b|c|d', 'v1/contact/', 'a', 'b', 'c|d')).toBe(false);
  });

  it('never gives two different contacts the same key', () => {
    fc.assert(
      fc.property(fc.tuple(part, part, part), fc.tuple(part, part, part), (x, y) => {
        fc.pre(x.join('\u0000') !== y.join('\u0000'));
        expect(contactKey(...x)).not.toBe(contactKey(...y));
      }),
    );
  });

  it('does not recognise keys it could not have written', () => {
    expect(parseStorageKey('v1/contact/a|b')).toEqual({ kind: 'other' });
    expect(parseStorageKey('v1/contact/a|b|c|d')).toEqual({ kind: 'other' });
    expect(parseStorageKey('v1/contact/a%7c|b|c')).toEqual({ kind: 'other' }); // lower-case escape is not canonical
    expect(parseStorageKey('v1/contact/a%41|b|c')).toEqual({ kind: 'other' }); // %41 is not an escape we write
    expect(parseStorageKey('v1/alert/xyz')).toEqual({ kind: 'other' });
    for (const bad of [
      'v2/roster/a|b|c',
      'v2/roster/a|b|c/',
      'v2/roster/a|b|c/01',
      'v2/roster/a|b|c/x',
      'v2/roster/a|b/1',
      'v2/roster/a|b|c/-1',
    ]) {
      expect(parseStorageKey(bad)).toEqual({ kind: 'other' });
    }
    expect(parseStorageKey('v2/roster/a/x|b|c/d/7')).toEqual({
      kind: 'roster-chunk',
      origin: 'a/x',
      account: 'b',
      conversationId: 'c/d',
      index: 7,
    });
    expect(parseStorageKey('options')).toEqual({ kind: 'other' });
    expect(isAlertId('a'.repeat(32))).toBe(true);
    expect(isAlertId('A'.repeat(32))).toBe(false);
  });

  it('names the version 5 records: the summary, the open-alert indexes and the notice digests, any parts round-tripping', () => {
    expect(parseStorageKey(SUMMARY_KEY)).toEqual({ kind: 'summary' });
    expect(openAlertsKey('contact', 'https://courier.example', 'alice', 'bob')).toBe('v5/open/contact/https://courier.example|alice|bob');
    expect(noticeDigestKey('https://courier.example', 'alice', null, 'first-seen')).toBe(
      'v5/notices/https://courier.example|alice|/first-seen',
    );
    fc.assert(
      fc.property(part, part, part, fc.constantFrom('contact' as const, 'conversation' as const), (a, b, c, subject) => {
        expect(parseStorageKey(openAlertsKey(subject, a, b, c))).toEqual({ kind: 'open-alerts', subject, origin: a, account: b, id: c });
        expect(parseStorageKey(noticeDigestKey(a, b, c, 'device-added'))).toEqual({
          kind: 'notice-digest',
          origin: a,
          account: b,
          conversation: c === '' ? null : c,
          rule: 'device-added',
        });
      }),
    );
    expect(isDerivedKey(SUMMARY_KEY)).toBe(true);
    expect(isDerivedKey(openAlertsKey('conversation', 'o', 'a', 'c'))).toBe(true);
    expect(isDerivedKey(noticeDigestKey('o', 'a', 'c', 'first-seen'))).toBe(false);
    expect(isDerivedKey('v3/usage-total')).toBe(true);
    expect(isDerivedKey('v3/usage/https://courier.example')).toBe(true);
    for (const bad of ['v5/open/someone/a|b|c', 'v5/open/contact/a|b', 'v5/notices/a|b|c/First', 'v5/notices/a|b|c']) {
      expect(parseStorageKey(bad)).toEqual({ kind: 'other' });
    }
  });
});
