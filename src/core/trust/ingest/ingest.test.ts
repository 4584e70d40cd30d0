import { describe, expect, it } from 'vitest';
import { planAcknowledge } from '../actions/acknowledge';
import { planIngest } from './ingest';
import { recordsReader, validateRecordAt } from '../store/read-record';
import type { AlertRecord, ContactRecord, ConversationRecord, QuarantineRecord, RosterChunkRecord } from '../store/record-schemas';
import { ALERT_PREFIX, alertKey, contactKey, conversationKey, rosterChunkKey, SCHEMA_KEY } from '../store/storage-keys';
import {
  ACCOUNT,
  applyPlan,
  conversationIn,
  emptyStore,
  ingest,
  MINUTE,
  ORIGIN,
  person,
  recordsWithPrefix,
  snapshot,
  storeReader,
  T0,
} from '../testing/test-support';

const alice = person('alice', 1);
const bob = person('bob', 2);
const carol = person('carol', 3);
const team = snapshot([alice, bob, carol]);
const convKey = conversationKey(ORIGIN, ACCOUNT, 'team');
const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');
const carolKey = contactKey(ORIGIN, ACCOUNT, 'carol');

/** The keys one ingest asks the store for, in order. */
function asked(store: Record<string, unknown>, s: unknown, now: number): string[] {
  const keys: string[] = [];
  planIngest(s, storeReader(store, keys), now);
  return keys;
}
const contactsOf = (...ids: string[]) => ids.map((id) => contactKey(ORIGIN, ACCOUNT, id));

describe('what ingest reads', () => {
  it('reads the schema, the conversation, every participant and the alerts it raises, nothing else', () => {
    const keys = asked(emptyStore(), team, T0);
    expect(keys.slice(0, 2)).toEqual([SCHEMA_KEY, convKey]);
    expect(keys.slice(2, 5)).toEqual(contactsOf('alice', 'bob', 'carol'));
    const first = ingest(emptyStore(), team, T0).plan;
    expect(keys.slice(5)).toEqual(first.alerts.map((a) => alertKey(a.id))); // the three first-seen alerts
    expect(asked(emptyStore(), { nonsense: true }, T0)).toEqual([]);
  });

  it('reads the roster chunks the stored conversation counts', () => {
    const store = ingest(emptyStore(), team, T0).store;
    expect(asked(store, team, T0 + MINUTE).slice(0, 3)).toEqual([SCHEMA_KEY, convKey, rosterChunkKey(ORIGIN, ACCOUNT, 'team', 0)]);
    const damaged = asked({ ...store, [convKey]: { damaged: true } }, team, T0 + MINUTE);
    expect(damaged.some((k) => k.startsWith('v2/roster/'))).toBe(false);
  });

  it('reads the alerts it would raise and the contacts of people who left', () => {
    const store = ingest(emptyStore(), team, T0).store;
    const s = snapshot([alice, bob]);
    const keys = asked(store, s, T0 + MINUTE);
    expect(keys).toContain(carolKey);
    expect(keys.filter((k) => k.startsWith('v1/alert/'))).toHaveLength(1); // participant-removed
    expect(asked({}, s, T0)).toEqual([SCHEMA_KEY]); // no schema record: nothing to plan
  });
});

describe('planIngest refuses, with a reason', () => {
  it.each([
    ['a malformed snapshot', { ...team, participants: 'everyone' }, emptyStore(), T0, /snapshot refused: at participants/],
    ['a store without schema record', team, {}, T0, /no schema record yet/],
    ['a damaged schema record', team, { [SCHEMA_KEY]: { version: 'one' } }, T0, /schema record is unreadable/],
    ['a store at another version', team, { [SCHEMA_KEY]: { version: 1 } }, T0, /schema version 1, this code writes version 6/],
    ['a time that is not one', team, emptyStore(), Number.NaN, /not a valid timestamp/],
  ])('%s', (_, s, store, now, reason) => {
    const r = planIngest(s, storeReader(store), now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('planIngest', () => {
  it('writes, at first sight, the contacts, the conversation and one first-seen alert for each other person', () => {
    const { plan, store } = ingest(emptyStore(), team, T0);
    expect(plan.deletes).toEqual([]);
    expect(plan.problems).toEqual([]);
    expect(recordsWithPrefix<ContactRecord>(store, 'v1/contact/').map((c) => [c.contactId, c.trust])).toEqual([
      ['alice', 'first-seen'],
      ['bob', 'first-seen'],
      ['carol', 'first-seen'],
    ]);
    expect(store[convKey]).toMatchObject({ title: 'Team', kind: 'group', level: 'unverified', rosterChunks: 1 });
    expect(conversationIn(store, convKey).roster.map((m) => m.id)).toEqual(['alice', 'bob', 'carol']);
    expect((store[rosterChunkKey(ORIGIN, ACCOUNT, 'team', 0)] as RosterChunkRecord).members.map((m) => m.position)).toEqual([
      0, 1024, 2048,
    ]);
    // None about Alice, the account holder: there is nobody to compare her own key with.
    expect(recordsWithPrefix<AlertRecord>(store, 'v1/alert/').map((a) => [a.rule, a.contactId])).toEqual([
      ['first-seen', 'bob'],
      ['first-seen', 'carol'],
    ]);
    for (const [k, v] of Object.entries(plan.writes)) expect(validateRecordAt(k, v).status).toBe('ok');
    expect(plan.conversationKey).toBe(convKey);
  });

  it('does not modify the records it is given', () => {
    const store = ingest(emptyStore(), team, T0).store;
    const before = JSON.stringify(store);
    planIngest(snapshot([alice, person('bob', 9), carol]), recordsReader(store), T0 + MINUTE);
    expect(JSON.stringify(store)).toBe(before);
  });

  it('writes nothing when the same snapshot comes again within the minute', () => {
    const store = ingest(emptyStore(), team, T0).store;
    const again = ingest(store, team, T0 + 5_000).plan;
    expect(again).toMatchObject({ writes: {}, deletes: [], alerts: [] });
  });

  it('sets a damaged conversation record aside, rebuilds it and says so', () => {
    const store = { ...ingest(emptyStore(), team, T0).store, [convKey]: { roster: 'lost' } };
    const { plan, store: after } = ingest(store, team, T0 + MINUTE);
    expect(plan.problems).toEqual([{ key: convKey, reason: 'at origin: missing (and 10 more)' }]);
    const q = recordsWithPrefix<QuarantineRecord>(after, 'quarantine/');
    expect(q).toEqual([{ originalKey: convKey, value: { roster: 'lost' }, reason: plan.problems[0]!.reason, quarantinedAt: T0 + MINUTE }]);
    expect(validateRecordAt(convKey, after[convKey]).status).toBe('ok');
    expect(plan.alerts.map((a) => a.rule)).toEqual(['record-corrupt']);
    expect(plan.deletes).toEqual([]); // replaced, not deleted
  });

  it('sets aside a damaged record of someone who left, and deletes it only after copying it', () => {
    const store = { ...ingest(emptyStore(), team, T0).store, [carolKey]: { broken: 1 } };
    const plan = planIngest(snapshot([alice, bob]), storeReader(store), T0 + MINUTE);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.deletes).toEqual([carolKey]);
    const copy = Object.values(plan.writes).find((w) => (w as QuarantineRecord).originalKey === carolKey);
    expect(copy).toMatchObject({ value: { broken: 1 } });
    expect(plan.alerts.map((a) => a.rule).sort()).toEqual(['participant-removed', 'record-corrupt']);
  });

  it('replaces a damaged alert record and reports it', () => {
    let store = ingest(emptyStore(), team, T0).store;
    const removed = ingest(store, snapshot([alice, bob]), T0 + MINUTE);
    const id = removed.plan.alerts[0]!.id;
    store = { ...removed.store, [alertKey(id)]: { id, state: 'weird' } };
    store = ingest(store, team, T0 + 2 * MINUTE).store;
    const { plan } = ingest(store, snapshot([alice, bob]), T0 + 3 * MINUTE);
    expect(plan.alerts.map((a) => a.rule).sort()).toEqual(['participant-removed', 'record-corrupt']);
    expect(validateRecordAt(alertKey(id), plan.writes[alertKey(id)]).status).toBe('ok');
    expect(plan.problems[0]).toMatchObject({ key: alertKey(id), reason: expect.stringMatching(/rule/) });
  });

  it('reopens a repeated change only because it read the old alert', () => {
    let store = ingest(emptyStore(), team, T0).store;
    const left = ingest(store, snapshot([alice, bob]), T0 + MINUTE);
    const id = left.plan.alerts[0]!.id;
    const ack = planAcknowledge(storeReader(left.store), id, T0 + 2 * MINUTE);
    if (!ack.ok) throw new Error(ack.reason);
    store = applyPlan(ingest(applyPlan(left.store, ack), team, T0 + 3 * MINUTE).store, { writes: {} });
    const again = ingest(store, snapshot([alice, bob]), T0 + 4 * MINUTE).plan;
    expect(again.alerts[0]).toMatchObject({ id, occurrences: 2, firstRaised: T0 + MINUTE, state: 'open' });
    // Without reading the stored alert, that history would have been lost:
    const withoutAlerts = (key: string) => (key.startsWith(ALERT_PREFIX) ? undefined : storeReader(store)(key));
    const blind = planIngest(snapshot([alice, bob]), withoutAlerts, T0 + 4 * MINUTE);
    expect(blind.ok && blind.alerts[0]!.occurrences).toBe(1);
  });

  it('stores valid records for the longest ids, names and problems a snapshot may carry', () => {
    const long = (c: string, n: number) => c.repeat(n);
    const s = snapshot(
      [
        person('alice', 1, { id: long('|', 1024), isSelf: true, name: long('\u202e', 1024) }),
        person('bob', 2, {
          id: long('%', 1024),
          name: long('n', 1024),
          devices: [{ id: long('|', 1024), key: null, vouch: 'invalid-key', encryptedTo: true }],
        }),
      ],
      {
        messenger: long('%', 2048),
        account: long('|', 1024),
        conversation: { id: long('|', 1024), title: long('t', 1024), kind: 'group' },
        problems: Array.from({ length: 500 }, (_, i) => `${i}${long('p', 2000)}`),
      },
    );
    const bobKey = contactKey(s.messenger, s.account, long('%', 1024));
    const store = { ...emptyStore(), [bobKey]: { damaged: true } };
    const plan = planIngest(s, storeReader(store), T0);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.alerts.map((a) => a.rule).sort()).toEqual(['first-seen', 'ghost-device', 'record-corrupt', 'snapshot-problem']);
    for (const [k, v] of Object.entries(plan.writes)) expect(validateRecordAt(k, v)).toMatchObject({ status: 'ok' });
    expect((plan.writes[conversationKey(s.messenger, s.account, s.conversation.id)] as ConversationRecord).problems).toHaveLength(100);
  });

  it('scenario: Bob verified, then the server swaps his key: critical alert, verified mark cleared', () => {
    let store = ingest(emptyStore(), snapshot([alice, bob], { conversation: { id: 'dm', title: 'Bob', kind: 'direct' } }), T0).store;
    store = { ...store, [bobKey]: { ...(store[bobKey] as ContactRecord), trust: 'verified' } };
    const { plan, store: after } = ingest(
      store,
      snapshot([alice, person('bob', 66)], { conversation: { id: 'dm', title: 'Bob', kind: 'direct' } }),
      T0 + MINUTE,
    );
    const critical = plan.alerts.filter((a) => a.severity === 'critical');
    expect(critical.map((a) => a.rule)).toEqual(['verified-key-changed']);
    expect((after[bobKey] as ContactRecord).trust).toBe('changed-after-verified');
    expect((after[conversationKey(ORIGIN, ACCOUNT, 'dm')] as ConversationRecord).level).toBe('degraded');
  });

  it('scenario: two tabs reporting different rosters one after the other lose nothing', () => {
    const store = ingest(emptyStore(), team, T0).store;
    const tabA = snapshot([alice, bob, carol, person('dan', 4)]);
    const tabB = snapshot([alice, person('bob', 22), carol], { conversation: { id: 'other', title: 'Other', kind: 'group' } });
    const a = ingest(store, tabA, T0 + 10);
    const b = ingest(a.store, tabB, T0 + 20);
    const bobAfter = b.store[bobKey] as ContactRecord;
    expect(bobAfter.keys.map((k) => k.key.key)).toEqual([bob.identityKey!.key, person('bob', 22).identityKey!.key]);
    expect(b.store[contactKey(ORIGIN, ACCOUNT, 'dan')]).toBeDefined();
    expect(b.store[conversationKey(ORIGIN, ACCOUNT, 'other')]).toBeDefined();
    expect(Object.keys(b.store).length).toBeGreaterThan(Object.keys(a.store).length);
    for (const k of Object.keys(a.store)) expect(b.store[k]).toBeDefined();
  });
});
