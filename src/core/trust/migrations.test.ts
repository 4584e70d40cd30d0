import { describe, expect, it } from 'vitest';
import v0Store from './fixtures/store-v0.json';
import { planIngest } from './ingest';
import { MIGRATIONS, planMigration } from './migrations';
import { validateRecordAt } from './read-record';
import type { ContactRecord, ConversationRecord, QuarantineRecord } from './record-schemas';
import { contactKey, conversationKey, CURRENT_SCHEMA_VERSION, LEGACY_V0_KEY, SCHEMA_KEY } from './storage-keys';
import { ACCOUNT, applyPlan, emptyStore, ingest, key, ORIGIN, person, readFor, snapshot, T0, type Store } from './test-support';

const NOW = T0;
const clone = (s: unknown): Store => JSON.parse(JSON.stringify(s)) as Store;

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
  it('writes the schema record into a new, empty store', () => {
    const { plan } = migrate({});
    expect(plan).toMatchObject({ from: 1, to: 1, writes: { [SCHEMA_KEY]: { version: 1 } }, deletes: [], problems: [] });
  });

  it('changes nothing in a healthy current store', () => {
    const store = ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0).store;
    expect(planMigration(store, NOW)).toMatchObject({ ok: true, writes: {}, deletes: [], problems: [], alerts: [] });
  });

  it('migrates the version 0 fixture to version 1 records, entry by entry', () => {
    const { plan, store } = migrate(clone(v0Store));
    expect(plan).toMatchObject({ from: 0, to: 1 });
    expect(store[SCHEMA_KEY]).toEqual({ version: 1 });
    expect(store[LEGACY_V0_KEY]).toBeUndefined();
    expect(store.options).toEqual({ theme: 'dark' }); // not ours: untouched
    expect(plan.deletes).toEqual([LEGACY_V0_KEY]);

    const bob = store[contactKey(ORIGIN, ACCOUNT, 'bob')] as ContactRecord;
    expect(bob).toMatchObject({ trust: 'verified', currentKey: key(2), verifications: [{ method: 'scanned', at: 1700000100000, key: key(2) }] });
    expect(bob.devices).toEqual([{ id: 'bob-phone', key: { algorithm: 'ed25519', key: key(20).key }, vouch: 'signed', firstSeen: 1700000000000, lastSeen: 1700000500000 }]);
    const carol = store[contactKey(ORIGIN, ACCOUNT, 'carol')] as ContactRecord;
    expect(carol).toMatchObject({ trust: 'changed-after-verified', currentKey: key(4), verifications: [{ method: 'read-aloud' }] });
    expect(carol.keys.map((k) => k.key)).toEqual([key(3), key(4)]);
    expect(store[contactKey(ORIGIN, ACCOUNT, 'erin')]).toMatchObject({ trust: 'unkeyed', currentKey: null });

    const team = store[conversationKey(ORIGIN, ACCOUNT, 'team')] as ConversationRecord;
    expect(team).toMatchObject({ kind: 'group', level: 'unverified', firstSeen: 1700000000000, lastSeen: 1700000600000 });
    expect(team.roster.map((m) => [m.id, m.isSelf, m.devices.length])).toEqual([['alice', true, 0], ['bob', false, 1]]);

    // Dan's entry had an unknown key algorithm: set aside, with the reason, nothing else lost.
    expect(plan.problems).toEqual([{ key: LEGACY_V0_KEY, reason: expect.stringMatching(/^version 0 contact "https:\/\/courier.example alice dan": at seenKeys.0.alg/) }]);
    const quarantined = Object.entries(store).filter(([k]) => k.startsWith('quarantine/')).map(([, v]) => v as QuarantineRecord);
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]!.value).toEqual(v0Store.keywatch.contacts['https://courier.example alice dan']);
    expect(store[contactKey(ORIGIN, ACCOUNT, 'dan')]).toBeUndefined();

    for (const [k, v] of Object.entries(store)) expect(validateRecordAt(k, v).status).not.toBe('corrupt');
  });

  it('gives a migrated store that ingest accepts and that keeps what version 0 knew', () => {
    const { store } = migrate(clone(v0Store));
    const s = snapshot([person('alice', 1), person('bob', 77, { devices: [{ id: 'bob-phone', key: { algorithm: 'ed25519', key: key(20).key }, vouch: 'signed', encryptedTo: true }] })]);
    const plan = planIngest(s, readFor(store, s, NOW + 1), NOW + 1);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.alerts.map((a) => a.rule)).toContain('verified-key-changed');
    expect(plan.alerts.map((a) => a.rule)).not.toContain('device-added');
  });

  it('sets aside a version 0 object it cannot read at all', () => {
    const { plan, store } = migrate({ keywatch: 'corrupted' });
    expect(plan.problems).toEqual([{ key: LEGACY_V0_KEY, reason: expect.stringMatching(/^version 0 store unreadable/) }]);
    expect(Object.values(store).some((v) => (v as QuarantineRecord).value === 'corrupted')).toBe(true);
    expect(store[SCHEMA_KEY]).toEqual({ version: 1 });
  });

  it('refuses a store from a newer version and leaves it untouched', () => {
    const future = { [SCHEMA_KEY]: { version: 7 }, 'v7/whatever': { x: 1 } };
    expect(planMigration(future, NOW)).toEqual({
      ok: false,
      found: 7,
      reason: 'the stored data is at schema version 7, newer than this KeyWatch understands (1); nothing was changed',
    });
  });

  it('sets aside a damaged schema record and infers the version', () => {
    const { plan, store } = migrate({ [SCHEMA_KEY]: 'v1', keywatch: clone(v0Store).keywatch });
    expect(plan.from).toBe(0);
    expect(plan.problems[0]).toEqual({ key: SCHEMA_KEY, reason: expect.stringMatching(/Object/) });
    expect(store[SCHEMA_KEY]).toEqual({ version: 1 });
  });

  it('finishes a migration the worker did not finish: a leftover version 0 object is set aside', () => {
    const { store: migrated } = migrate(clone(v0Store));
    const interrupted = { ...migrated, keywatch: clone(v0Store).keywatch }; // remove() never ran
    const { plan, store } = migrate(interrupted);
    expect(plan.from).toBe(1);
    expect(plan.deletes).toEqual([LEGACY_V0_KEY]);
    expect(plan.problems).toEqual([{ key: LEGACY_V0_KEY, reason: 'a version 0 store left next to a newer one' }]);
    expect(store[contactKey(ORIGIN, ACCOUNT, 'bob')]).toEqual(migrated[contactKey(ORIGIN, ACCOUNT, 'bob')]);
  });
});
