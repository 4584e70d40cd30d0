// A file's `verified` counts here only through a verification it brings; every trust state an import changes is
// listed and confirmed.
import { describe, expect, it } from 'vitest';
import { collectAlerts, contactKey, planAcknowledge, type ContactRecord } from '../trust';
import { identityKey } from '../trust/testing/arbitraries';
import { ACCOUNT, applyPlan, ORIGIN, person, snapshot, storeReader, T0, type Store } from '../trust/testing/test-support';
import { buildRecordsFile, serializeRecordsFile } from './export';
import type { CheckedRecordsFile } from './format';
import { parseRecordsFile } from './parse';
import { planImport, type ImportPlan } from './plan-import';
import { storeAfter, type Step } from './testing/test-stores';

const EXPORTED = T0 + 5_000;
const NOW = T0 + 30_000;
const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');
const bob = (store: Store) => store[bobKey] as ContactRecord;
const seen = (n: number): Step => ({
  kind: 'snapshot',
  wait: 1000,
  snapshot: snapshot([person('alice', 1), { ...person('bob', null), identityKey: identityKey('bob', n), identityProblem: null }]),
});
const verifiedAtKey1 = () => storeAfter([seen(1), { kind: 'verify', person: 'bob', keyNumber: 1, method: 'scanned' }]);

function fileOf(store: Store): CheckedRecordsFile {
  const parsed = parseRecordsFile(serializeRecordsFile(buildRecordsFile(store, EXPORTED).file), EXPORTED);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.file;
}
function planned(store: Store, file: CheckedRecordsFile): Extract<ImportPlan, { ok: true }> {
  const plan = planImport(storeReader(store), file, {}, NOW);
  if (!plan.ok) throw new Error(plan.reason);
  return plan;
}
function acknowledgeEveryAlert(store: Store): Store {
  for (const alert of collectAlerts(store).alerts.filter((a) => a.state === 'open')) {
    const r = planAcknowledge(storeReader(store), alert.id, T0 + 20_000, alert.lastRaised);
    if (r.ok) store = applyPlan(store, r);
  }
  return store;
}

describe('importing a verified mark', () => {
  it('does not restore a mark this store cleared when the key changed and came back, from an older backup', () => {
    const backup = fileOf(verifiedAtKey1());
    // Key 2, then key 1 again; the user accepts the alerts here, without comparing again.
    const here = acknowledgeEveryAlert(storeAfter([seen(2), seen(1)], verifiedAtKey1(), T0 + 10_000));
    expect(bob(here)).toMatchObject({ trust: 'accepted', currentKey: identityKey('bob', 1) });

    const plan = planned(here, backup);
    expect(bob(applyPlan(here, plan)).trust).toBe('accepted');
    expect(plan.preview.newlyVerified).toEqual([]);
    expect(plan.preview.trustChanged).toEqual([]);
  });

  it('does not lift an invalid state with a verification this store already holds', () => {
    const verified = verifiedAtKey1();
    const here = {
      ...verified,
      [bobKey]: { ...bob(verified), trust: 'invalid', invalidReason: 'an illegal transition', trustSince: T0 + 9_000 },
    };
    const plan = planned(here, fileOf(verified));
    expect(bob(applyPlan(here, plan))).toMatchObject({ trust: 'invalid', invalidReason: 'an illegal transition' });
    expect(plan.preview.confirmation).toBeNull();
  });

  it('lists a verification the file brings as a change of trust, to confirm', () => {
    const here = acknowledgeEveryAlert(storeAfter([seen(1)]));
    expect(bob(here).trust).toBe('accepted');
    const plan = planned(here, fileOf(verifiedAtKey1()));
    expect(bob(applyPlan(here, plan)).trust).toBe('verified');
    expect(plan.preview.trustChanged).toEqual([
      expect.objectContaining({ contactId: 'bob', from: 'accepted', to: 'verified', key: identityKey('bob', 1) }),
    ]);
    expect(plan.preview.confirmation).toMatch(/^[0-9a-f]{64}$/);
  });

  it('asks to confirm an acceptance taken from the file', () => {
    const here = storeAfter([seen(1)]);
    expect(bob(here).trust).toBe('first-seen');
    const elsewhere = storeAfter([seen(1)]);
    const plan = planned(here, fileOf({ ...elsewhere, [bobKey]: { ...bob(elsewhere), trust: 'accepted', trustSince: T0 + 3_000 } }));
    expect(bob(applyPlan(here, plan)).trust).toBe('accepted');
    expect(plan.preview.trustChanged).toEqual([expect.objectContaining({ contactId: 'bob', from: 'first-seen', to: 'accepted' })]);
    expect(plan.preview.verificationsAdded).toEqual([]);
    expect(plan.preview.confirmation).toMatch(/^[0-9a-f]{64}$/);
  });
});
