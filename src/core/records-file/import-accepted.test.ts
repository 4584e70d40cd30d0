// A file's acceptance of a changed key does not settle the change this browser found.
import { describe, expect, it } from 'vitest';
import { collectAlerts, contactKey, planAcknowledge, type AlertRecord, type ContactRecord } from '../trust';
import { identityKey } from '../trust/testing/arbitraries';
import { ACCOUNT, applyPlan, ingest, ORIGIN, person, snapshot, storeReader, T0, type Store } from '../trust/testing/test-support';
import { buildRecordsFile, serializeRecordsFile } from './export';
import { parseRecordsFile } from './parse';
import { planImport } from './plan-import';
import { storeAfter, type Step } from './testing/test-stores';

const NOW = T0 + 10 ** 8;
const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');
const bobWith = (n: number) =>
  snapshot([person('alice', 1), { ...person('bob', null), identityKey: identityKey('bob', n), identityProblem: null }]);
const seen = (n: number): Step => ({ kind: 'snapshot', wait: 1, snapshot: bobWith(n) });
const history: Step[] = [seen(1), { kind: 'verify', person: 'bob', keyNumber: 1, method: 'scanned' }, seen(2)];
const changeAlert = (s: Store) => collectAlerts(s).alerts.find((a) => a.rule === 'verified-key-changed')!;

describe('importing an accepted key', () => {
  it("keeps Bob changed-after-verified here, so the server's next swap is still critical", () => {
    const mine = storeAfter(history);
    expect((mine[bobKey] as ContactRecord).trust).toBe('changed-after-verified');
    // Elsewhere, the same history, and the new key accepted there.
    const other = storeAfter(history);
    const ack = planAcknowledge(storeReader(other), changeAlert(other).id, T0 + 10 ** 6);
    if (!ack.ok) throw new Error(ack.reason);
    const theirs = applyPlan(other, ack);
    expect((theirs[bobKey] as ContactRecord).trust).toBe('accepted');

    const parsed = parseRecordsFile(serializeRecordsFile(buildRecordsFile(theirs, NOW).file), NOW);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const plan = planImport(storeReader(mine), parsed.file, {}, NOW);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.preview.confirmation).toBeNull(); // nothing is listed for the user to confirm
    const after = applyPlan(mine, plan);
    expect((after[bobKey] as ContactRecord).trust).toBe('changed-after-verified');
    expect(changeAlert(after).state).toBe('open');
    const next = ingest(after, bobWith(3), NOW + 1000).plan;
    expect(next.ok && next.alerts.map((a: AlertRecord) => [a.rule, a.severity])).toEqual([['verified-key-changed', 'critical']]);
  });
});
