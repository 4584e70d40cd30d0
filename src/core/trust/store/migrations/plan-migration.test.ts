import { describe, expect, it } from 'vitest';
import v0Store from '../../testing/fixtures/store-v0.json';
import v1Store from '../../testing/fixtures/store-v1.json';
import v2Store from '../../testing/fixtures/store-v2.json';
import type { ParticipantView } from '../../../roster';
import { planIngest } from '../../ingest/ingest';
import type { V1ConversationRecord } from './legacy-v1';
import { MIGRATIONS, planMigration } from './plan-migration';
import { validateRecordAt } from '../read-record';
import type { AlertRecord, ContactRecord, QuarantineRecord, RosterChunkRecord } from '../record-schemas';
import { chunkIndexOf } from '../roster-chunks';
import {
  contactKey,
  conversationKey,
  CURRENT_SCHEMA_VERSION,
  LEGACY_V0_KEY,
  alertKey,
  parseStorageKey,
  QUARANTINE_PREFIX,
  ROSTER_PREFIX,
  rosterChunkKey,
  ALERT_PREFIX,
  SCHEMA_KEY,
  SUMMARY_KEY,
  USAGE_TOTAL_KEY,
  isDerivedKey,
} from '../storage-keys';
import { indexDifferences } from '../indexes/open-alert-index';
import { englishText } from '../../testing/english';
import { inTodaysKeyForm } from '../../testing/version-2-text';
import {
  ACCOUNT,
  applyPlan,
  conversationIn,
  emptyStore,
  ingest,
  key,
  MINUTE,
  ORIGIN,
  person,
  snapshot,
  storeReader,
  T0,
  type Store,
} from '../../testing/test-support';

const NOW = T0;
const CURRENT = CURRENT_SCHEMA_VERSION;
const clone = (s: unknown): Store => JSON.parse(JSON.stringify(s)) as Store;
/**
 * An alert as version 3 keeps it: without the text version 2 stored; as version 6 rewrites it (store/migrations/v5-v6.ts),
 * with the fields added since at the defaults it reads as.
 */
const withoutText = (alert: unknown) => {
  const { summary: _s, accepts: _a, ...rest } = alert as Record<string, unknown>;
  return { newIdentityKey: null, fromFile: false, ...rest };
};

function migrate(store: Store) {
  const plan = planMigration(store, NOW);
  if (!plan.ok) throw new Error(plan.reason);
  return { plan, store: applyPlan(store, plan) };
}

describe('migration list', () => {
  it('is ordered and ends at the current version', () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.to).toBe(m.from + 1);
      if (i > 0) expect(m.from).toBe(MIGRATIONS[i - 1]!.to);
    });
    expect(MIGRATIONS.at(-1)!.to).toBe(CURRENT_SCHEMA_VERSION);
  });
});

describe('start-up migration', () => {
  it('writes the schema record, an empty badge summary and the usage total into a new, empty store', () => {
    const line = (key: string, value: unknown) => JSON.stringify(key).length + JSON.stringify(value).length + 3;
    const { plan } = migrate({});
    expect(plan).toMatchObject({ from: CURRENT, to: CURRENT, deletes: [], problems: [] });
    expect(plan.writes).toEqual({
      [SCHEMA_KEY]: { version: CURRENT },
      [SUMMARY_KEY]: { open: { critical: 0, warning: 0, info: 0 }, checkedAt: NOW, rebuild: false },
      // The lines of the schema record and the summary, as the records file would write them: "key":value,
      [USAGE_TOTAL_KEY]: { chars: line(SCHEMA_KEY, { version: CURRENT }) + line(SUMMARY_KEY, plan.writes[SUMMARY_KEY]) },
    });
  });

  it('changes nothing in a healthy current store but the time of the check', () => {
    const { store } = migrate(ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0).store);
    const again = planMigration(store, NOW + MINUTE);
    expect(again).toMatchObject({ ok: true, deletes: [], problems: [], alerts: [], compacted: 0 });
    expect(Object.keys(again.ok ? again.writes : {})).toEqual([SUMMARY_KEY]);
  });

  it('builds the open-alert indexes and the badge summary of the store it checks', () => {
    const { store } = migrate(ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0).store);
    expect(indexDifferences(store)).toEqual([]);
    // No first sight of the account holder (alice): one notice, about bob.
    expect(store[SUMMARY_KEY]).toEqual({ open: { critical: 0, warning: 0, info: 1 }, checkedAt: NOW, rebuild: false });
  });

  it('migrates the version 0 fixture through versions 1, 2 and 3 to current records, entry by entry', () => {
    const { plan, store } = migrate(clone(v0Store));
    expect(plan).toMatchObject({ from: 0, to: CURRENT });
    expect(store[SCHEMA_KEY]).toEqual({ version: CURRENT });
    expect(store[LEGACY_V0_KEY]).toBeUndefined();
    expect(store.options).toEqual({ theme: 'dark' }); // not ours: untouched
    expect(plan.deletes).toEqual([LEGACY_V0_KEY]);

    const bob = store[contactKey(ORIGIN, ACCOUNT, 'bob')] as ContactRecord;
    expect(bob).toMatchObject({
      trust: 'verified',
      currentKey: key(2),
      verifications: [{ method: 'scanned', at: 1700000100000, key: key(2) }],
    });
    expect(bob.devices).toEqual([
      {
        id: 'bob-phone',
        key: { algorithm: 'ed25519', key: key(20).key },
        vouch: 'signed',
        firstSeen: 1700000000000,
        lastSeen: 1700000500000,
      },
    ]);
    const carol = store[contactKey(ORIGIN, ACCOUNT, 'carol')] as ContactRecord;
    expect(carol).toMatchObject({ trust: 'changed-after-verified', currentKey: key(4), verifications: [{ method: 'read-aloud' }] });
    expect(carol.keys.map((k) => k.key)).toEqual([key(3), key(4)]);
    expect(store[contactKey(ORIGIN, ACCOUNT, 'erin')]).toMatchObject({ trust: 'unkeyed', currentKey: null });

    const team = conversationIn(store, conversationKey(ORIGIN, ACCOUNT, 'team'));
    expect(team).toMatchObject({ kind: 'group', level: 'unverified', firstSeen: 1700000000000, lastSeen: 1700000600000, rosterChunks: 1 });
    expect(store[conversationKey(ORIGIN, ACCOUNT, 'team')]).not.toHaveProperty('roster');
    expect(team.roster.map((m) => [m.id, m.isSelf, m.devices.length])).toEqual([
      ['alice', true, 0],
      ['bob', false, 1],
    ]);

    // Dan's entry had an unknown key algorithm: set aside, with the reason, nothing else lost.
    expect(plan.problems).toEqual([
      { key: LEGACY_V0_KEY, reason: expect.stringMatching(/^version 0 contact "https:\/\/courier.example alice dan": at seenKeys.0.alg/) },
    ]);
    const quarantined = Object.entries(store)
      .filter(([k]) => k.startsWith('quarantine/'))
      .map(([, v]) => v as QuarantineRecord);
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]!.value).toEqual(v0Store.keywatch.contacts['https://courier.example alice dan']);
    expect(plan.alerts).toMatchObject([
      { rule: 'record-corrupt', recordKey: LEGACY_V0_KEY, quarantineKey: expect.stringMatching(/^quarantine\//) as string },
    ]);
    expect(store[plan.alerts[0]!.quarantineKey!]).toEqual(quarantined[0]);
    expect(store[contactKey(ORIGIN, ACCOUNT, 'dan')]).toBeUndefined();

    for (const [k, v] of Object.entries(store)) expect(validateRecordAt(k, v).status).not.toBe('corrupt');
  });

  it('gives a migrated store that ingest accepts and that keeps what version 0 knew', () => {
    const { store } = migrate(clone(v0Store));
    const s = snapshot([
      person('alice', 1),
      person('bob', 77, {
        devices: [{ id: 'bob-phone', key: { algorithm: 'ed25519', key: key(20).key }, vouch: 'signed', encryptedTo: true }],
      }),
    ]);
    const plan = planIngest(s, storeReader(store), NOW + 1);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.alerts.map((a) => a.rule)).toContain('verified-key-changed');
    expect(plan.alerts.map((a) => a.rule)).not.toContain('device-added');
  });

  it('sets aside a version 0 object it cannot read at all', () => {
    const { plan, store } = migrate({ keywatch: 'corrupted' });
    expect(plan.problems).toEqual([{ key: LEGACY_V0_KEY, reason: expect.stringMatching(/^version 0 store unreadable/) }]);
    expect(Object.values(store).some((v) => (v as QuarantineRecord).value === 'corrupted')).toBe(true);
    expect(store[SCHEMA_KEY]).toEqual({ version: CURRENT });
    // Not a silently empty store: the alert says what was set aside, and the badge counts it.
    expect(plan.alerts).toMatchObject([{ rule: 'record-corrupt', recordKey: LEGACY_V0_KEY, detail: /^version 0 store unreadable/ }]);
    expect(store[SUMMARY_KEY]).toMatchObject({ open: { warning: 1 } });
  });

  it('refuses a store from a newer version and leaves it untouched', () => {
    const future = { [SCHEMA_KEY]: { version: 7 }, 'v7/whatever': { x: 1 } };
    expect(planMigration(future, NOW)).toEqual({
      ok: false,
      found: 7,
      reason: `the stored data is at schema version 7, newer than this KeyWatch understands (${CURRENT}); nothing was changed`,
    });
  });

  it('sets aside a damaged schema record and infers the version', () => {
    const { plan, store } = migrate({ [SCHEMA_KEY]: 'v1', keywatch: clone(v0Store).keywatch });
    expect(plan.from).toBe(0);
    expect(plan.problems[0]).toEqual({ key: SCHEMA_KEY, reason: expect.stringMatching(/Object/) });
    expect(store[SCHEMA_KEY]).toEqual({ version: CURRENT });
    const schemaAlert = plan.alerts.find((a) => a.recordKey === SCHEMA_KEY);
    expect(schemaAlert).toMatchObject({ rule: 'record-corrupt', origin: '', quarantineKey: expect.any(String) as string });
    expect(store[schemaAlert!.quarantineKey!]).toMatchObject({ originalKey: SCHEMA_KEY, value: 'v1' });
  });

  it('finishes a migration the worker did not finish: a leftover version 0 object is set aside', () => {
    const { store: migrated } = migrate(clone(v0Store));
    const interrupted = { ...migrated, keywatch: clone(v0Store).keywatch }; // remove() never ran
    const { plan, store } = migrate(interrupted);
    expect(plan.from).toBe(CURRENT);
    expect(plan.deletes).toEqual([LEGACY_V0_KEY]);
    expect(plan.problems).toEqual([{ key: LEGACY_V0_KEY, reason: 'a version 0 store left next to a newer one' }]);
    expect(store[contactKey(ORIGIN, ACCOUNT, 'bob')]).toEqual(migrated[contactKey(ORIGIN, ACCOUNT, 'bob')]);
  });
});

describe('version 1 → 2: rosters move into chunks', () => {
  const v1 = () => clone(v1Store);
  const convKey = (id: string) => conversationKey(ORIGIN, ACCOUNT, id);
  const brokenKey = convKey('broken');
  const sound = ['team', 'dm-bob', 'all-hands'];
  const withoutPosition = (roster: readonly object[]) => roster.map(({ position: _, ...m }: { position?: number }) => m);

  it('keeps every member, field and order, and every other record as it was', () => {
    const before = v1();
    const { plan, store } = migrate(before);
    // The one damaged conversation is set aside with its alert (the next test); nothing else raises one.
    expect(plan).toMatchObject({ from: 1, to: CURRENT });
    expect(plan.alerts.map((a) => [a.rule, a.recordKey])).toEqual([['record-corrupt', brokenKey]]);
    expect(store[SCHEMA_KEY]).toEqual({ version: CURRENT });
    expect(store.options).toEqual({ theme: 'dark' });
    for (const id of sound) {
      const { roster, ...rest } = before[convKey(id)] as V1ConversationRecord;
      const after = conversationIn(store, convKey(id));
      expect(withoutPosition(after.roster)).toEqual(roster);
      expect(after).toMatchObject(rest);
      expect(store[convKey(id)]).not.toHaveProperty('roster');
    }
    // Contacts are the same in every version since 1: rewritten only to be stored compact (version 6), as they were.
    // Alerts lose only their text (version 3).
    for (const k of Object.keys(before)) {
      const kind = parseStorageKey(k).kind;
      if (kind === 'contact') expect(store[k]).toEqual(before[k]);
      if (kind === 'alert') expect(store[k]).toEqual(withoutText(before[k]));
    }
    expect(
      Object.keys(plan.writes).every(
        (k) =>
          k === SCHEMA_KEY ||
          isDerivedKey(k) ||
          k.startsWith(ROSTER_PREFIX) ||
          k.startsWith(QUARANTINE_PREFIX) ||
          k.startsWith(ALERT_PREFIX) ||
          parseStorageKey(k).kind === 'contact' ||
          sound.some((id) => k === convKey(id)),
      ),
    ).toBe(true);
    for (const [k, v] of Object.entries(store)) expect(validateRecordAt(k, v).status).not.toBe('corrupt');
  });

  it('cuts a 70-person roster into four chunks, each member where the hash of their id puts them', () => {
    const { store } = migrate(v1());
    const allHands = conversationIn(store, convKey('all-hands'));
    expect(allHands.rosterChunks).toBe(4);
    const chunks = [0, 1, 2, 3].map((i) => store[rosterChunkKey(ORIGIN, ACCOUNT, 'all-hands', i)] as RosterChunkRecord);
    expect(chunks.reduce((n, c) => n + c.members.length, 0)).toBe(70);
    for (const c of chunks) {
      expect(c.members.length).toBeLessThan(40);
      for (const m of c.members) expect(chunkIndexOf(m.id, 4)).toBe(c.index);
    }
    expect(store[rosterChunkKey(ORIGIN, ACCOUNT, 'all-hands', 4)]).toBeUndefined();
  });

  it('sets aside a conversation that does not read as version 1, with the reason, and migrates the rest', () => {
    const before = v1();
    const { plan, store } = migrate(before);
    expect(plan.problems).toEqual([{ key: brokenKey, reason: 'version 1 conversation: at level: expected a conversation level' }]);
    expect(plan.deletes).toEqual([brokenKey]);
    expect(store[brokenKey]).toBeUndefined();
    const copies = Object.values(store).filter((v) => (v as QuarantineRecord).originalKey === brokenKey) as QuarantineRecord[];
    expect(copies).toHaveLength(1);
    expect(copies[0]!.value).toEqual(before[brokenKey]);
    // Reported as the check reports a damaged record: a record-corrupt alert, counted by the badge.
    const quarantineKey = Object.keys(store).find((k) => (store[k] as QuarantineRecord).originalKey === brokenKey);
    expect(plan.alerts).toMatchObject([
      { rule: 'record-corrupt', origin: ORIGIN, account: ACCOUNT, conversationId: 'broken', recordKey: brokenKey, quarantineKey },
    ]);
    expect(store[alertKey(plan.alerts[0]!.id)]).toEqual(plan.alerts[0]);
    expect(store[SUMMARY_KEY]).toMatchObject({ open: { warning: 1 } });
  });

  it('gives a store that ingest accepts: the same roster changes nothing, one new device rewrites one chunk', () => {
    const { store } = migrate(v1());
    const stored = v1()[convKey('all-hands')] as V1ConversationRecord;
    const people: ParticipantView[] = stored.roster.map((m) => ({ ...m, identityProblem: null }));
    const s = (participants: ParticipantView[]) =>
      snapshot(participants, { conversation: { id: 'all-hands', title: 'All hands', kind: 'group' } });
    const soon = stored.lastSeen + MINUTE;
    expect(ingest(store, s(people), soon).plan).toMatchObject({ writes: {}, deletes: [], alerts: [] });

    const m30 = people.findIndex((p) => p.id === 'm30');
    const changed = people.map((p, i) =>
      i === m30 ? { ...p, devices: [...p.devices, { id: 'm30-laptop', key: key(4242), vouch: 'signed' as const, encryptedTo: true }] } : p,
    );
    const { plan, store: after } = ingest(store, s(changed), soon);
    expect(plan.alerts.map((a: AlertRecord) => a.rule)).toEqual(['device-added']);
    const chunkWrites = Object.keys(plan.writes).filter((k) => k.startsWith(ROSTER_PREFIX));
    expect(chunkWrites).toEqual([rosterChunkKey(ORIGIN, ACCOUNT, 'all-hands', chunkIndexOf('m30', 4))]);
    expect(plan.writes).not.toHaveProperty([convKey('all-hands')]);
    expect(withoutPosition(conversationIn(after, convKey('all-hands')).roster)[m30]).toMatchObject({
      id: 'm30',
      devices: [{ id: 'm30-phone' }, { id: 'm30-laptop' }],
    });
  });

  it('takes a store whose schema record is damaged for version 1 when a conversation still holds its roster', () => {
    const { plan, store } = migrate({ ...v1(), [SCHEMA_KEY]: { version: 'one' } });
    expect(plan.from).toBe(1);
    expect(store[SCHEMA_KEY]).toEqual({ version: CURRENT });
    expect(conversationIn(store, convKey('all-hands')).roster).toHaveLength(70);
  });

  it('does not take a chunked store for version 1 over one stray record with a roster: that record alone is set aside, with its alert', () => {
    const current = migrate(ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0).store).store;
    const strayKey = convKey('stray');
    const { plan, store } = migrate({ ...current, [SCHEMA_KEY]: { version: 'six' }, [strayKey]: { roster: [] } });
    expect(plan.from).toBe(CURRENT);
    expect(plan.deletes).toEqual([strayKey]);
    expect(plan.alerts.map((a) => [a.rule, a.recordKey])).toEqual([
      ['record-corrupt', SCHEMA_KEY],
      ['record-corrupt', strayKey],
    ]);
    expect(store[convKey('team')]).toEqual(current[convKey('team')]);
    expect(store[rosterChunkKey(ORIGIN, ACCOUNT, 'team', 0)]).toEqual(current[rosterChunkKey(ORIGIN, ACCOUNT, 'team', 0)]);
  });

  it('leaves a conversation that already reads as version 2 as it is', () => {
    const current = migrate(ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0).store).store;
    const team = convKey('team');
    const chunk = rosterChunkKey(ORIGIN, ACCOUNT, 'team', 0);
    const { plan, store } = migrate({ ...v1(), [SCHEMA_KEY]: { version: 1 }, [team]: current[team], [chunk]: current[chunk] });
    expect(plan.problems.map((p) => p.key)).toEqual([brokenKey]);
    expect(store[team]).toEqual(current[team]);
    expect(store[chunk]).toEqual(current[chunk]);
  });

  it('finishes a migration the worker did not finish: a version 1 conversation left behind is set aside again, under the same key', () => {
    const first = migrate(v1());
    const copyKey = Object.keys(first.store).find((k) => (first.store[k] as QuarantineRecord).originalKey === brokenKey)!;
    const { plan, store } = migrate({ ...first.store, [brokenKey]: v1()[brokenKey] }); // remove() never ran
    expect(plan.from).toBe(CURRENT);
    expect(plan.deletes).toEqual([brokenKey]);
    expect(Object.keys(store).filter((k) => (store[k] as QuarantineRecord).originalKey === brokenKey)).toEqual([copyKey]);
  });
});

/** Every kind of alert version 2 knew: the fixture holds each. */
const V2_KINDS = [
  'verified-key-changed',
  'key-changed',
  'hidden-participant',
  'ghost-device',
  'invalid-identity',
  'snapshot-problem',
  'trust-state-invalid',
  'conversation-degraded',
  'device-added',
  'participant-added',
  'record-corrupt',
  'device-removed',
  'participant-removed',
  'first-seen',
];

describe('version 2 → 3: alerts lose their stored text', () => {
  const v2 = () => clone(v2Store);
  const alertsOf = (store: Store) => Object.keys(store).filter((k) => parseStorageKey(k).kind === 'alert');
  const damagedAlert = alertKey('ffffffffffffffffffffffffffffffff');

  it('drops summary and accepts from every sound alert, keeps every other field, and rewrites nothing else', () => {
    const before = v2();
    const { plan, store } = migrate(before);
    expect(plan).toMatchObject({ from: 2, to: CURRENT });
    expect(store[SCHEMA_KEY]).toEqual({ version: CURRENT });
    expect(store.options).toEqual({ theme: 'dark' });
    const sound = alertsOf(before).filter((k) => k !== damagedAlert);
    expect(sound.length).toBeGreaterThan(30);
    for (const k of sound) {
      expect(before[k]).toHaveProperty('summary');
      expect(store[k]).toEqual(withoutText(before[k]));
    }
    for (const k of Object.keys(plan.writes)) {
      const kind = parseStorageKey(k).kind;
      // Contacts and roster chunks are rewritten only to be stored compact (version 6): the same records.
      if (kind === 'contact' || kind === 'roster-chunk') expect(plan.writes[k]).toEqual(before[k]);
      else expect(kind === 'alert' || kind === 'schema' || kind === 'quarantine' || isDerivedKey(k)).toBe(true);
    }
    for (const [k, v] of Object.entries(store)) expect(validateRecordAt(k, v).status).not.toBe('corrupt');
  });

  it('says exactly what version 2 stored, for every kind of alert, from the fields alone', () => {
    const before = v2();
    const { store } = migrate(before);
    const kinds = new Set<string>();
    for (const k of alertsOf(before).filter((key) => key !== damagedAlert)) {
      const old = before[k] as AlertRecord & { summary: string; accepts: string };
      // Word for word, but for the keys: they are in today's printed form.
      expect(englishText(store[k] as AlertRecord)).toEqual({
        summary: inTodaysKeyForm(old.summary, old),
        accepts: inTodaysKeyForm(old.accepts, old),
      });
      kinds.add(old.rule);
    }
    expect([...kinds].sort()).toEqual([...V2_KINDS].sort());
  });

  it('leaves an alert that does not read as version 2 to the start-up check, which sets it aside exactly as found', () => {
    const before = v2();
    const { plan, store } = migrate(before);
    expect(store[damagedAlert]).toBeUndefined();
    expect(plan.problems).toEqual([{ key: damagedAlert, reason: 'at occurrences: expected a whole count of at least 1' }]);
    const copies = Object.values(store).filter((v) => (v as QuarantineRecord).originalKey === damagedAlert) as QuarantineRecord[];
    expect(copies.map((c) => c.value)).toEqual([before[damagedAlert]]);
    expect(plan.alerts).toMatchObject([{ rule: 'record-corrupt', recordKey: damagedAlert }]);
  });

  it('takes a store without schema record for version 2 when an alert still holds its text', () => {
    const { [SCHEMA_KEY]: _, ...unmarked } = v2();
    const { plan, store } = migrate(unmarked);
    expect(plan.from).toBe(2);
    for (const k of alertsOf(store)) expect(store[k]).not.toHaveProperty('summary');
  });

  it('gives a store that ingest accepts and that remembers what version 2 knew', () => {
    const { store } = migrate(v2());
    const team = snapshot([person('alice', 1), person('bob', 21), person('carol', 3)]);
    const plan = planIngest(team, storeReader(store), NOW + 10 ** 9);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.alerts.map((a) => a.rule)).not.toContain('first-seen');
  });
});
