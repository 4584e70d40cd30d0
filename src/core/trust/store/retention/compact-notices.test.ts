import { describe, expect, it } from 'vitest';
import { buildRecordsFile, serializeRecordsFile } from '../../../records-file/export';
import { parseRecordsFile } from '../../../records-file/parse';
import { planImport } from '../../../records-file/plan-import';
import { planAcknowledge } from '../../actions/acknowledge';
import { collectAlerts } from '../../alerts/collect-alerts';
import { planIngest } from '../../ingest/ingest';
import { ACCOUNT, applyPlan, emptyStore, ORIGIN, person, snapshot, storeReader, T0, type Store } from '../../testing/test-support';
import type { NoticeDigestRecord } from '../index-schemas';
import { withIndexUpdates } from '../indexes/index-updates';
import { indexDifferences } from '../indexes/open-alert-index';
import { planMigration } from '../migrations/plan-migration';
import type { AlertRecord } from '../record-schemas';
import { ALERT_PREFIX, alertKey, CONTACT_PREFIX, noticeDigestKey, parseStorageKey, SCHEMA_KEY } from '../storage-keys';
import { COMPACTED_SEVERITIES, isCompactable, NOTICE_RETENTION_MS } from './compact-notices';

const DAY = 24 * 60 * 60 * 1000;

function written(store: Store, plan: { ok: boolean; writes?: Record<string, unknown>; deletes?: string[]; reason?: string }): Store {
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(store, withIndexUpdates(storeReader(store), plan as { writes: Record<string, unknown> }));
}

const alertsOf = (store: Store) => collectAlerts(store).alerts;
const byKind = (store: Store, rule: string) => alertsOf(store).filter((a) => a.rule === rule);

/**
 * Five people first seen; Bob's key changes (a warning); Erin is no longer
 * shown but still encrypted to (critical); Carol leaves; every alert
 * acknowledged but Dan's first sight.
 */
function aYearAgo(): Store {
  let store = emptyStore();
  const everyone = [person('alice', 1), person('bob', 2), person('carol', 3), person('dan', 4), person('erin', 5)];
  store = written(store, planIngest(snapshot(everyone), storeReader(store), T0));
  const next = [person('alice', 1), person('bob', 22), person('dan', 4), person('erin', 5, { shown: false })];
  store = written(store, planIngest(snapshot(next), storeReader(store), T0 + DAY));
  for (const alert of alertsOf(store)) {
    if (alert.rule === 'first-seen' && alert.contactId === 'dan') continue;
    if (alert.state === 'open') store = written(store, planAcknowledge(storeReader(store), alert.id, T0 + 2 * DAY));
  }
  return store;
}

function check(store: Store, now: number): { store: Store; compacted: number } {
  const plan = planMigration(store, now, { compactNotices: true });
  if (!plan.ok) throw new Error(plan.reason);
  return { store: applyPlan(store, plan), compacted: plan.compacted };
}

describe('retention', () => {
  it('compacts only closed, non-critical alerts whose condition has not been found for the period', () => {
    const before = aYearAgo();
    const early = check(before, T0 + 2 * DAY + NOTICE_RETENTION_MS - 1);
    expect(early.compacted).toBe(0);

    const { store, compacted } = check(before, T0 + 2 * DAY + NOTICE_RETENTION_MS);
    const kept = alertsOf(store);
    const gone = alertsOf(before).filter((a) => !kept.some((k) => k.id === a.id));
    expect(compacted).toBe(gone.length);
    expect(gone.length).toBeGreaterThan(0);
    for (const a of gone) expect(a.state === 'acknowledged' && COMPACTED_SEVERITIES.has(a.severity)).toBe(true);
    // Every open alert and every critical one stays whole.
    for (const a of alertsOf(before).filter((x) => x.state === 'open' || x.severity === 'critical'))
      expect(store[ALERT_PREFIX + a.id]).toEqual(a);
    expect(alertsOf(before).filter((a) => a.severity === 'critical').length).toBeGreaterThan(0);
    // Bob's key change is a warning: compacted once closed (his contact record keeps both keys).
    expect(byKind(store, 'key-changed')).toHaveLength(0);
    expect(byKind(store, 'hidden-participant')).toHaveLength(1);
    expect(byKind(store, 'first-seen').map((a) => a.contactId)).toEqual(['dan']);
    // Contacts (every key and device ever seen, every verification) are not touched.
    for (const key of Object.keys(before).filter((k) => k.startsWith(CONTACT_PREFIX))) expect(store[key]).toEqual(before[key]);
    expect(indexDifferences(store)).toEqual([]);
  });

  it('keeps counts, occurrences, first and last times, and the latest notice whole, per kind and conversation', () => {
    const before = aYearAgo();
    const { store } = check(before, T0 + 100 * DAY);
    const firstSeen = byKind(before, 'first-seen').filter((a) => a.contactId !== 'dan');
    const digest = store[noticeDigestKey(ORIGIN, ACCOUNT, 'team', 'first-seen')] as NoticeDigestRecord;
    expect(digest).toMatchObject({
      rule: 'first-seen',
      conversationId: 'team',
      notices: firstSeen.length,
      occurrences: firstSeen.reduce((n, a) => n + a.occurrences, 0),
      firstRaised: Math.min(...firstSeen.map((a) => a.firstRaised)),
      lastRaised: Math.max(...firstSeen.map((a) => a.lastRaised)),
    });
    expect(firstSeen).toContainEqual(digest.latest);
    // A second check later folds nothing twice.
    const again = check(store, T0 + 200 * DAY);
    expect(again.compacted).toBe(0);
    expect(again.store[noticeDigestKey(ORIGIN, ACCOUNT, 'team', 'first-seen')]).toEqual(digest);
  });

  it('never compacts an alert whose condition was found within the period, however old its acknowledgement', () => {
    const [alert] = byKind(aYearAgo(), 'participant-removed') as [AlertRecord];
    const now = alert.acknowledgedAt! + 10 * NOTICE_RETENTION_MS;
    expect(isCompactable(alert, now)).toBe(true);
    expect(isCompactable({ ...alert, lastSeen: now - DAY }, now)).toBe(false);
    expect(isCompactable({ ...alert, state: 'open', acknowledgedAt: null, acknowledgedBy: null }, now)).toBe(false);
    expect(isCompactable({ ...alert, severity: 'critical' }, now)).toBe(false);
  });

  it('keeps a store it migrates whole, and compacts at the next check', () => {
    const older = { ...aYearAgo(), [SCHEMA_KEY]: { version: 3 } };
    const first = check(older, T0 + 100 * DAY);
    expect(first.compacted).toBe(0);
    expect(check(first.store, T0 + 100 * DAY + 1).compacted).toBeGreaterThan(0);
  });

  describe('after a check that stopped before removing what it compacted', () => {
    const keyChanged = noticeDigestKey(ORIGIN, ACCOUNT, 'team', 'key-changed');
    /** The check's writes applied, its removals not: each compacted alert is still stored beside its digest. */
    function interrupted(now: number): { store: Store; digest: NoticeDigestRecord } {
      const before = aYearAgo();
      const plan = planMigration(before, now, { compactNotices: true });
      if (!plan.ok) throw new Error(plan.reason);
      const store = { ...before, ...JSON.parse(JSON.stringify(plan.writes)) } as Store;
      expect(byKind(store, 'key-changed')).toHaveLength(1);
      return { store, digest: store[keyChanged] as NoticeDigestRecord };
    }

    it('does not count the stored latest notice again, and removes it', () => {
      const { store, digest } = interrupted(T0 + 100 * DAY);
      const next = check(store, T0 + 101 * DAY).store;
      expect(next[keyChanged]).toEqual(digest);
      expect(byKind(next, 'key-changed')).toHaveLength(0);
    });

    it('does not count it again when a newer notice of its kind is folded first', () => {
      const { store, digest } = interrupted(T0 + 100 * DAY);
      const newer = {
        ...digest.latest,
        id: 'f'.repeat(32),
        lastRaised: digest.latest.lastRaised + DAY,
        lastSeen: digest.latest.lastSeen + DAY,
      };
      const next = check({ [alertKey(newer.id)]: newer, ...store }, T0 + 101 * DAY).store;
      expect(next[keyChanged]).toMatchObject({ notices: 2, occurrences: digest.occurrences + newer.occurrences, latest: newer });
      expect(byKind(next, 'key-changed')).toHaveLength(0);
    });
  });

  it('exports the digests, and importing the export changes nothing', () => {
    const { store } = check(aYearAgo(), T0 + 100 * DAY);
    const file = buildRecordsFile(store, T0 + 100 * DAY).file;
    const digests = Object.keys(file.records).filter((k) => parseStorageKey(k).kind === 'notice-digest');
    expect(digests.length).toBeGreaterThan(0);
    for (const k of digests) expect(file.records[k]).toEqual(store[k]);
    expect(Object.keys(file.records).some((k) => k.startsWith('v5/open/') || k === 'v5/summary')).toBe(false);
    const parsed = parseRecordsFile(serializeRecordsFile(file), T0 + 100 * DAY);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const plan = planImport(storeReader(store), parsed.file, {}, T0 + 100 * DAY);
    expect(plan.ok && plan.writes).toEqual({});
  });
});
