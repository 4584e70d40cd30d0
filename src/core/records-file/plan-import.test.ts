import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SETTINGS_KEY } from '../settings/site-settings';
import {
  collectAlerts,
  contactKey,
  CURRENT_SCHEMA_VERSION,
  parseStorageKey,
  SCHEMA_KEY,
  validateRecordAt,
  type ContactRecord,
} from '../trust';
import { identityKey } from '../trust/testing/arbitraries';
import {
  ACCOUNT,
  applyPlan,
  device,
  emptyStore,
  ORIGIN,
  person,
  snapshot,
  storeReader,
  T0,
  type Store,
} from '../trust/testing/test-support';
import { buildRecordsFile, serializeRecordsFile } from './export';
import type { CheckedRecordsFile } from './format';
import { parseRecordsFile } from './parse';
import { planImport as planImportWith, sameJson, type ImportPlan } from './plan-import';
import { storeAfter, storeArb, type Step } from './testing/test-stores';

const NOW = T0 + 10 ** 8;
const planImport = (mine: Store, ...rest: Parameters<typeof planImportWith> extends [unknown, ...infer R] ? R : never) =>
  planImportWith(storeReader(mine), ...rest);
/** The store exported, written out and read back, as the background does. */
function fileOf(store: Store): CheckedRecordsFile {
  const parsed = parseRecordsFile(serializeRecordsFile(buildRecordsFile(store, NOW).file), NOW);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.file;
}
const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');
const bob = (store: Store) => store[bobKey] as ContactRecord;
const ok = (plan: ImportPlan) => {
  if (!plan.ok) throw new Error(plan.reason);
  return plan;
};
const seen = (bobKeyNumber: number, wait = 1): Step => ({
  kind: 'snapshot',
  wait,
  snapshot: snapshot([
    person('alice', 1),
    { ...person('bob', null), identityKey: identityKey('bob', bobKeyNumber), identityProblem: null },
  ]),
});
const verifyBob = (keyNumber: number): Step => ({ kind: 'verify', person: 'bob', keyNumber, method: 'scanned' });
const seenWithGhost: Step = {
  kind: 'snapshot',
  wait: 1,
  snapshot: snapshot([
    person('alice', 1),
    {
      ...person('bob', null),
      identityKey: identityKey('bob', 1),
      identityProblem: null,
      devices: [device('ghost', 66, { vouch: 'unsigned' })],
    },
  ]),
};
const ghostAlert = (store: Store) => collectAlerts(store).alerts.find((a) => a.rule === 'ghost-device')!;
const acknowledgeGhost: Step = { kind: 'acknowledge', pick: 0 };

/** The records the trust store and settings own, for comparing stores. */
const owned = (store: Store) =>
  Object.fromEntries(Object.entries(store).filter(([k]) => parseStorageKey(k).kind !== 'other' || k === SETTINGS_KEY));

describe('planImport', () => {
  it('restores an export into an empty store exactly', () => {
    const original = storeAfter([seen(1), verifyBob(1), { kind: 'acknowledge', pick: 0 }]);
    const plan = ok(planImport(emptyStore(), fileOf(original), {}, NOW));
    expect(plan.undecided).toEqual([]);
    // Every record as it was; each alert marked as come from a file, so it is raised again when its condition is found here.
    const fromFile = (store: Store) =>
      Object.fromEntries(
        Object.entries(owned(store)).map(([k, v]) => [k, parseStorageKey(k).kind === 'alert' ? { ...(v as object), fromFile: true } : v]),
      );
    expect(owned(applyPlan(emptyStore(), plan))).toEqual(fromFile(original));
    expect(plan.preview.contacts).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(plan.preview.newlyVerified.map((c) => c.contactId)).toEqual(['bob']);
  });

  it('changes nothing when a store imports its own export', () => {
    fc.assert(
      fc.property(storeArb, (store) => {
        const plan = ok(planImport(store, fileOf(store), {}, NOW));
        expect(plan.writes).toEqual({});
        expect(plan.preview.conflicts).toEqual([]);
        expect(plan.preview.contacts.added + plan.preview.contacts.updated).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('never replaces a verified key with another without a decision', () => {
    const mine = storeAfter([seen(1), verifyBob(1)]);
    const theirs = storeAfter([seen(2)]);
    const plan = ok(planImport(mine, fileOf(theirs), {}, NOW));
    expect(plan.undecided).toEqual([bobKey]);
    expect(plan.writes[bobKey]).toBeUndefined();
    expect(plan.preview.conflicts).toEqual([
      expect.objectContaining({
        id: bobKey,
        contactId: 'bob',
        mine: expect.objectContaining({ key: identityKey('bob', 1), trust: 'verified' }),
        theirs: expect.objectContaining({ key: identityKey('bob', 2), trust: 'first-seen' }),
      }),
    ]);
  });

  it('keeps mine or takes theirs as decided, uniting the history either way', () => {
    const mine = storeAfter([seen(1), verifyBob(1)]);
    const theirs = storeAfter([seen(2)], emptyStore(), T0 + 5000);
    const keep = applyPlan(mine, ok(planImport(mine, fileOf(theirs), { [bobKey]: 'mine' }, NOW)));
    expect(bob(keep)).toMatchObject({ trust: 'verified', currentKey: identityKey('bob', 1) });
    expect(bob(keep).keys.map((k) => k.key)).toEqual([identityKey('bob', 1), identityKey('bob', 2)]);
    const take = applyPlan(mine, ok(planImport(mine, fileOf(theirs), { [bobKey]: 'theirs' }, NOW)));
    expect(bob(take)).toMatchObject({ trust: 'first-seen', currentKey: identityKey('bob', 2) });
    expect(bob(take).verifications).toEqual(bob(mine).verifications);
  });

  it('shows differing keys as a conflict even when neither is verified', () => {
    const plan = ok(planImport(storeAfter([seen(1)]), fileOf(storeAfter([seen(3)])), {}, NOW));
    expect(plan.undecided).toEqual([bobKey]);
  });

  it('brings in a verification of the same key and closes the alerts it answers', () => {
    const mine = storeAfter([seen(1)]);
    const open = collectAlerts(mine).alerts.filter((a) => a.state === 'open' && a.contactId === 'bob' && a.rule === 'first-seen');
    expect(open).toHaveLength(1);
    const theirs = storeAfter([seen(1), verifyBob(1)], emptyStore(), T0 - 10 ** 6);
    const plan = ok(planImport(mine, fileOf(theirs), {}, NOW));
    expect(plan.preview.newlyVerified.map((c) => c.contactId)).toEqual(['bob']);
    const after = applyPlan(mine, plan);
    expect(bob(after).trust).toBe('verified');
    expect(after[`v1/alert/${open[0]!.id}`]).toMatchObject({ state: 'acknowledged', acknowledgedBy: expect.any(String) });
    expect(collectAlerts(after).alerts.filter((a) => a.state === 'open' && a.contactId === 'bob')).toEqual([]);
  });

  it('keeps an alert raised again here after it was closed elsewhere open', () => {
    const theirs = storeAfter([seenWithGhost, acknowledgeGhost]);
    const id = ghostAlert(theirs).id;
    const mine = storeAfter([seenWithGhost], emptyStore(), T0 + 10 ** 6);
    const merged = applyPlan(mine, ok(planImport(mine, fileOf(theirs), {}, NOW)));
    expect(merged[`v1/alert/${id}`]).toMatchObject({ state: 'open', acknowledgedAt: null, acknowledgedBy: null });
    const earlier = storeAfter([seenWithGhost], emptyStore(), T0 - 10 ** 6);
    const plan = ok(planImport(earlier, fileOf(theirs), {}, NOW));
    expect(plan.preview.alertsClosed.map((c) => [c.alert.id, c.by])).toEqual([[id, 'acknowledgement']]);
    expect(applyPlan(earlier, plan)[`v1/alert/${id}`]).toMatchObject({ state: 'acknowledged' });
  });

  it('leaves a damaged record here alone and says so', () => {
    const mine = { ...storeAfter([seen(1)]), [bobKey]: { name: 'damaged' } };
    const plan = ok(planImport(mine, fileOf(storeAfter([seen(1), verifyBob(1)])), {}, NOW));
    expect(plan.writes[bobKey]).toBeUndefined();
    expect(plan.preview.skipped).toEqual([{ key: bobKey, reason: expect.any(String) }]);
  });

  it('refuses a store that is not at the current schema version', () => {
    const newer = { ...storeAfter([seen(1)]), [SCHEMA_KEY]: { version: CURRENT_SCHEMA_VERSION + 1 } };
    expect(planImport(newer, fileOf(storeAfter([seen(1)])), {}, NOW)).toEqual({
      ok: false,
      reason: expect.stringMatching(new RegExp(`^import refused: .*version ${CURRENT_SCHEMA_VERSION + 1}`)),
    });
  });

  it('names the sites the file turns off', () => {
    const file = { ...fileOf(storeAfter([seen(1)])), settings: { disabledSites: ['https://off.example'] } };
    expect(file.records).not.toEqual({});
    const plan = ok(planImport(emptyStore(), file, {}, NOW));
    expect(plan.preview.sitesTurnedOff).toEqual(['https://off.example']);
    expect(plan.writes[SETTINGS_KEY]).toEqual({ disabledSites: ['https://off.example'] });
  });

  it('loses nothing, keeps every verified key unless told, and writes only sound records', () => {
    fc.assert(
      fc.property(storeArb, storeArb, fc.constantFrom('mine' as const, 'theirs' as const), (mine, theirs, choice) => {
        const first = ok(planImport(mine, fileOf(theirs), {}, NOW));
        const decisions = Object.fromEntries(first.undecided.map((id) => [id, choice]));
        const plan = ok(planImport(mine, fileOf(theirs), decisions, NOW));
        expect(plan.undecided).toEqual([]);
        const after = applyPlan(mine, plan);
        for (const [key, value] of Object.entries(plan.writes)) expect(validateRecordAt(key, value).status).not.toBe('corrupt');
        for (const [key, before] of Object.entries(mine)) {
          expect(Object.hasOwn(after, key)).toBe(true);
          if (parseStorageKey(key).kind !== 'contact') continue;
          const was = before as ContactRecord;
          const now = after[key] as ContactRecord;
          for (const k of was.keys) expect(now.keys.some((x) => sameJson(x.key, k.key))).toBe(true);
          for (const v of was.verifications) expect(now.verifications).toContainEqual(v);
          if (was.trust === 'verified' && !(choice === 'theirs' && first.undecided.includes(key))) {
            expect(now.currentKey).toEqual(was.currentKey);
            expect(now.trust).toBe('verified');
          }
        }
        for (const key of Object.keys(theirs)) if (parseStorageKey(key).kind === 'contact') expect(Object.hasOwn(after, key)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});
