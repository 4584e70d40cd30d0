// A records file cannot change how loud an alert is: its severity is its rule's.
import { describe, expect, it } from 'vitest';
import { collectAlerts, planMigration, SUMMARY_KEY, withDerivedUpdates, type AlertRecord } from '../trust';
import { identityKey } from '../trust/testing/arbitraries';
import { applyPlan, person, snapshot, storeReader, T0, type Store } from '../trust/testing/test-support';
import { buildRecordsFile, serializeRecordsFile } from './export';
import { parseRecordsFile } from './parse';
import { planImport } from './plan-import';
import { storeAfter, type Step } from './testing/test-stores';

const NOW = T0 + 10 ** 8;
const seen = (n: number): Step => ({
  kind: 'snapshot',
  wait: 1,
  snapshot: snapshot([person('alice', 1), { ...person('bob', null), identityKey: identityKey('bob', n), identityProblem: null }]),
});

function checked(store: Store): Store {
  const m = planMigration(store, T0 + 10 ** 7);
  if (!m.ok) throw new Error(m.reason);
  return applyPlan(store, m);
}

describe('importing an alert', () => {
  it('keeps an open critical alert critical whatever severity the file gives it', () => {
    const mine = checked(storeAfter([seen(1), { kind: 'verify', person: 'bob', keyNumber: 1, method: 'scanned' }, seen(2)]));
    const alert = collectAlerts(mine).alerts.find((a) => a.rule === 'verified-key-changed')!;
    expect(alert).toMatchObject({ state: 'open', severity: 'critical' });
    expect((mine[SUMMARY_KEY] as { open: { critical: number } }).open.critical).toBe(1);
    // The file: the same alert, raised a moment later, said to be a mere notice.
    const file = JSON.parse(JSON.stringify(buildRecordsFile(mine, NOW).file)) as ReturnType<typeof buildRecordsFile>['file'];
    const crafted = file.records[`v1/alert/${alert.id}`] as AlertRecord;
    Object.assign(crafted, { severity: 'info', lastRaised: crafted.lastRaised + 1, lastSeen: crafted.lastSeen + 1 });
    const parsed = parseRecordsFile(serializeRecordsFile(file), NOW);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const plan = planImport(storeReader(mine), parsed.file, {}, NOW);
    if (!plan.ok) throw new Error(plan.reason);
    const after = applyPlan(mine, withDerivedUpdates(storeReader(mine), { writes: plan.writes, deletes: plan.deletes }));
    expect((after[`v1/alert/${alert.id}`] as AlertRecord).severity).toBe('critical');
    expect((after[SUMMARY_KEY] as { open: { critical: number } }).open.critical).toBe(1);
  });

  it('adds an alert absent here with its rule severity', () => {
    const theirs = storeAfter([seen(1), { kind: 'verify', person: 'bob', keyNumber: 1, method: 'scanned' }, seen(2)]);
    const file = JSON.parse(JSON.stringify(buildRecordsFile(theirs, NOW).file)) as ReturnType<typeof buildRecordsFile>['file'];
    const id = collectAlerts(theirs).alerts.find((a) => a.rule === 'verified-key-changed')!.id;
    (file.records[`v1/alert/${id}`] as AlertRecord).severity = 'info';
    const parsed = parseRecordsFile(serializeRecordsFile(file), NOW);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const plan = planImport(storeReader(checked(storeAfter([]))), parsed.file, {}, NOW);
    if (!plan.ok) throw new Error(plan.reason);
    expect((plan.writes[`v1/alert/${id}`] as AlertRecord).severity).toBe('critical');
  });
});
