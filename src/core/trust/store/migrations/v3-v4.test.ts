// Version 3 → 4 over the fixture the version 3 code wrote (testing/fixtures/store-v3.json):
// pages that spelled Curve25519 keys both ways. Bob was verified, then his page
// spelled his keys the other way (version 3 cleared his verification and
// raised a critical alert); Carol's keys were only ever 32 bytes; Dan's key
// really changed; Erin's keys need no respelling.
import { describe, expect, it } from 'vitest';
import v3Store from '../../testing/fixtures/store-v3.json';
import { isCanonicalKeySpelling } from '../../../key-spelling';
import type { ParticipantView, PublicKeyRef } from '../../../roster';
import { alertIdOf } from '../../alerts/alert-id';
import { collectAlerts } from '../../alerts/collect-alerts';
import { englishText } from '../../testing/english';
import { applyPlan, conversationIn, ingest, snapshot, type Store } from '../../testing/test-support';
import { validateRecordAt } from '../read-record';
import type { AlertRecord, ContactRecord } from '../record-schemas';
import {
  alertKey,
  contactKey,
  conversationKey,
  CURRENT_SCHEMA_VERSION,
  isDerivedKey,
  parseStorageKey,
  SCHEMA_KEY,
  SUMMARY_KEY,
} from '../storage-keys';
import { planMigration } from './plan-migration';

const ORIGIN = 'https://courier.example';
const NOW = 1_790_010_000_000;
const clone = (s: unknown): Store => JSON.parse(JSON.stringify(s)) as Store;
const v3 = () => clone(v3Store);
const contact = (store: Store, id: string) => store[contactKey(ORIGIN, 'alice', id)] as ContactRecord;
const alerts = (store: Store) => collectAlerts(store).alerts;
const alertsOf = (store: Store, id: string) => alerts(store).filter((a) => a.contactId === id);

function migrate(store: Store, now = NOW) {
  const plan = planMigration(store, now);
  if (!plan.ok) throw new Error(plan.reason);
  return { plan, store: applyPlan(store, plan) };
}

/** Every key a record holds, wherever it is. */
function keysIn(value: unknown): PublicKeyRef[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(keysIn);
  const o = value as Record<string, unknown>;
  if (typeof o.algorithm === 'string' && typeof o.key === 'string') return [o as unknown as PublicKeyRef];
  return Object.values(o).flatMap(keysIn);
}

describe('version 3 → 4: every key in one spelling', () => {
  it('respells every key of every contact, roster chunk and alert, and raises nothing', () => {
    const before = v3();
    expect(
      Object.values(before)
        .flatMap(keysIn)
        .some((k) => !isCanonicalKeySpelling(k)),
    ).toBe(true);
    const { plan, store } = migrate(before);
    expect(plan).toMatchObject({ from: 3, to: CURRENT_SCHEMA_VERSION, problems: [], alerts: [] });
    expect(store[SCHEMA_KEY]).toEqual({ version: CURRENT_SCHEMA_VERSION });
    expect(store.options).toEqual({ theme: 'dark' });
    for (const [k, v] of Object.entries(store)) {
      expect(validateRecordAt(k, v).status).not.toBe('corrupt');
      for (const key of keysIn(v)) expect(isCanonicalKeySpelling(key), `${k}: ${key.key}`).toBe(true);
      if (parseStorageKey(k).kind === 'alert') expect(k).toBe(alertKey(alertIdOf(v as AlertRecord)));
    }
    for (const k of Object.keys(plan.writes).filter((k) => !isDerivedKey(k)))
      expect(['contact', 'roster-chunk', 'alert', 'schema']).toContain(parseStorageKey(k).kind);
    // Erin's keys were canonical already: her record is rewritten only to be stored compact (version 6), as it was.
    expect(store[contactKey(ORIGIN, 'alice', 'erin')]).toEqual(before[contactKey(ORIGIN, 'alice', 'erin')]);
    expect(plan.writes).not.toHaveProperty([conversationKey(ORIGIN, 'alice', 'team')]);
  });

  it('gives Bob back the verification a spelling took, with one key and one device, and removes what never happened', () => {
    const before = v3();
    expect(contact(before, 'bob')).toMatchObject({ trust: 'changed-after-verified' });
    expect(contact(before, 'bob').keys).toHaveLength(2);
    expect(alertsOf(before, 'bob').map((a) => `${a.rule} ${a.state}`)).toEqual(
      expect.arrayContaining(['verified-key-changed open', 'device-added open', 'device-removed open']),
    );

    const { store } = migrate(before);
    const bob = contact(store, 'bob');
    expect(bob).toMatchObject({ trust: 'verified', trustSince: NOW, currentKey: contact(before, 'bob').keys[0]!.key });
    expect(bob.keys).toEqual([
      { key: bob.currentKey, firstSeen: contact(before, 'bob').firstSeen, lastSeen: contact(before, 'bob').lastSeen },
    ]);
    expect(bob.devices).toHaveLength(1);
    expect(bob.devices[0]).toMatchObject({
      id: 'd1',
      firstSeen: contact(before, 'bob').firstSeen,
      lastSeen: contact(before, 'bob').lastSeen,
    });
    expect(bob.verifications).toEqual(contact(before, 'bob').verifications);
    // The false "verified key changed" and the device "added" and "no longer listed" in one breath are gone.
    expect(alertsOf(store, 'bob').map((a) => `${a.rule} ${a.state}`)).toEqual(['first-seen acknowledged']);
  });

  it("keeps Carol's alerts, acknowledged or open, under the ids their respelled keys give", () => {
    const before = v3();
    const { store } = migrate(before);
    const was = alertsOf(before, 'carol').map((a) => ({ rule: a.rule, state: a.state, acknowledgedAt: a.acknowledgedAt }));
    const now = alertsOf(store, 'carol');
    expect(now.map((a) => ({ rule: a.rule, state: a.state, acknowledgedAt: a.acknowledgedAt }))).toEqual(was);
    for (const a of now) expect(before[alertKey(a.id)]).toBeUndefined(); // each moved to its new id
    expect(contact(store, 'carol')).toMatchObject({ trust: 'first-seen' });
    expect(englishText(now.find((a) => a.rule === 'ghost-device')!).summary).toMatch(/^Possible ghost device: Carol's device “ghost”/);
  });

  it("keeps Dan's real key change: two keys, still changed, the alert open and saying from which key to which", () => {
    const before = v3();
    const { store } = migrate(before);
    expect(contact(store, 'dan')).toMatchObject({ trust: 'changed' });
    expect(contact(store, 'dan').keys).toHaveLength(2);
    const change = alertsOf(store, 'dan').find((a) => a.rule === 'key-changed')!;
    expect(change).toMatchObject({ state: 'open', key: contact(store, 'dan').currentKey, previousKey: contact(store, 'dan').keys[0]!.key });
  });

  it('gives a store in which the same page again changes nothing', () => {
    const { store } = migrate(v3());
    const team = conversationIn(store, conversationKey(ORIGIN, 'alice', 'team'));
    const people: ParticipantView[] = team.roster.map((m) => ({ ...m, identityProblem: null }));
    const s = snapshot(people, { messenger: ORIGIN, conversation: { id: 'team', title: 'Team', kind: 'group' } });
    const { plan } = ingest(store, s, NOW + 60_000);
    expect(plan.alerts).toEqual([]);
    // Only times seen move on: no roster chunk differs from the page, no key or device is new.
    expect(Object.keys(plan.writes).filter((k) => parseStorageKey(k).kind === 'roster-chunk')).toEqual([]);
    for (const id of ['bob', 'carol', 'dan']) {
      const after = plan.writes[contactKey(ORIGIN, 'alice', id)] as ContactRecord | undefined;
      if (after)
        expect({ ...after, lastSeen: 0 }).toEqual({ ...contact(store, id), lastSeen: 0, keys: after.keys, devices: after.devices });
      if (after) expect(after.keys.length + after.devices.length).toBe(contact(store, id).keys.length + contact(store, id).devices.length);
    }
  });

  it('changes nothing the second time but the time of the check', () => {
    const { store } = migrate(v3());
    const again = planMigration(store, NOW + 1);
    expect(again).toMatchObject({ ok: true, from: CURRENT_SCHEMA_VERSION, deletes: [], problems: [], alerts: [] });
    expect(Object.keys(again.ok ? again.writes : {})).toEqual([SUMMARY_KEY]);
  });

  it('takes a store without its schema record for version 3 when a record holds a key in another spelling', () => {
    const { [SCHEMA_KEY]: _, ...unmarked } = v3();
    const { plan, store } = migrate(unmarked);
    expect(plan.from).toBe(3);
    expect(contact(store, 'bob').trust).toBe('verified');
  });

  it('finishes a respelling the worker did not finish: an alert left under its old id goes, its copy stays as it is now', () => {
    const first = planMigration(v3(), NOW);
    if (!first.ok) throw new Error(first.reason);
    expect(first.deletes.length).toBeGreaterThan(0);
    const interrupted = { ...v3(), ...first.writes }; // set() ran, remove() never did
    // Meanwhile the user acknowledged Carol's first-seen alert (its copy, under the new id).
    const copy = alertsOf(interrupted, 'carol').find((a) => a.rule === 'first-seen' && isCanonicalKeySpelling(a.key!))!;
    interrupted[alertKey(copy.id)] = { ...copy, state: 'acknowledged', acknowledgedAt: NOW + 5, acknowledgedBy: 'user' };

    const { plan, store } = migrate(interrupted, NOW + 10);
    expect(plan).toMatchObject({ from: CURRENT_SCHEMA_VERSION, problems: [], alerts: [] });
    // (Carol's open-alert index goes too: acknowledged by hand here, her alert left it; the check builds the indexes afresh.)
    expect(plan.deletes.filter((k) => !isDerivedKey(k)).sort()).toEqual([...first.deletes].sort());
    expect(store[alertKey(copy.id)]).toMatchObject({ state: 'acknowledged', acknowledgedAt: NOW + 5 });
    expect(alerts(store)).toHaveLength(alerts(migrate(v3()).store).length);
  });
});
