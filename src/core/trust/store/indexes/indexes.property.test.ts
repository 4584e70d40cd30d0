// The derived records (open-alert indexes, badge summary, usage records)
// against a full scan, after random sequences of everything that writes the
// store: snapshots (within limits of the store small enough to be reached),
// verifying, acknowledging, importing a records file, clearing, the full
// check, and retention after long pauses. Each write goes through
// withDerivedUpdates or withinLimitsInStep, as the background writes it; after
// every step the derived records must be exactly what a full read builds, and
// each conversation's open alerts found through them exactly those a scan finds.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRecordsFile, serializeRecordsFile } from '../../../records-file/export';
import { parseRecordsFile } from '../../../records-file/parse';
import { planImport } from '../../../records-file/plan-import';
import { planAcknowledge } from '../../actions/acknowledge';
import { planMarkVerified } from '../../actions/mark-verified';
import { collectAlerts } from '../../alerts/collect-alerts';
import { badgeFor, badgeForCounts } from '../../alerts/badge';
import { planIngest } from '../../ingest/ingest';
import { identityKey, snapshotArb, verifyStepArb, type VerifyStep } from '../../testing/arbitraries';
import { ACCOUNT, applyPlan, emptyStore, ORIGIN, storeReader, T0, type Store } from '../../testing/test-support';
import { readConversation } from '../conversation-read';
import type { SummaryRecord } from '../index-schemas';
import { planMigration } from '../migrations/plan-migration';
import { recordsReader } from '../read-record';
import { NOTICE_RETENTION_MS } from '../retention/compact-notices';
import { conversationKey, SUMMARY_KEY } from '../storage-keys';
import { withDerivedUpdates, withinLimitsInStep } from '../derived-records';
import { planUsageRebuild } from '../../limits/usage';
import { STORE_LIMITS, type StoreLimits } from '../../limits/store-limits';
import { indexDifferences } from './open-alert-index';
import { openAlertEntriesOf, readOpenAlerts } from './open-alerts-read';
import type { RosterSnapshot } from '../../../roster';

type Step =
  | { kind: 'snapshot'; snapshot: RosterSnapshot; wait: number }
  | VerifyStep
  | { kind: 'acknowledge'; pick: number }
  | { kind: 'import'; stepsBack: number }
  | { kind: 'clear' }
  | { kind: 'check'; wait: number };

const DAY = 24 * 60 * 60 * 1000;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('snapshot' as const), snapshot: snapshotArb, wait: fc.nat(3 * DAY) }) },
  { weight: 2, arbitrary: verifyStepArb },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('acknowledge' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('import' as const), stepsBack: fc.nat(6) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
  // The full check, after a pause long enough (sometimes) for retention to compact.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('check' as const), wait: fc.nat(2 * NOTICE_RETENTION_MS) }) },
);

/** Limits small enough for a few snapshots of five people to reach them. */
const limitsArb: fc.Arbitrary<StoreLimits> = fc.record({
  contacts: fc.integer({ min: 1, max: 6 }),
  conversations: fc.integer({ min: 1, max: 3 }),
  alerts: fc.integer({ min: 1, max: 40 }),
  chars: fc.integer({ min: 1_000, max: 60_000 }),
  totalChars: fc.integer({ min: 1_000, max: 80_000 }),
});

/** What the background does with a plan that writes (planWrite): the derived records' updates go into the same writes. */
function write(store: Store, plan: { ok: boolean; writes?: Record<string, unknown>; deletes?: string[] }): Store {
  if (!plan.ok) return store;
  return applyPlan(store, withDerivedUpdates(storeReader(store), plan as { writes: Record<string, unknown>; deletes?: string[] }));
}

/** What the background does with a snapshot (planWriteWithinLimits): the plan, or the limit alert in its place. */
function take(store: Store, snapshot: RosterSnapshot, now: number, limits: StoreLimits): Store {
  const read = storeReader(store);
  const plan = planIngest(snapshot, read, now);
  if (!plan.ok) return store;
  const checked = withinLimitsInStep(read, snapshot.messenger, plan, now, limits);
  return applyPlan(store, checked.ok ? checked : checked.limited);
}

function step(store: Store, s: Step, now: number, history: readonly Store[], limits: StoreLimits): Store {
  switch (s.kind) {
    case 'snapshot':
      return take(store, s.snapshot, now, limits);
    case 'verify': {
      const target = { origin: ORIGIN, account: ACCOUNT, contactId: s.person, key: identityKey(s.person, s.keyNumber), method: 'scanned' };
      return write(store, planMarkVerified(storeReader(store), target, now));
    }
    case 'acknowledge': {
      const open = collectAlerts(store).alerts.filter((a) => a.state === 'open');
      const alert = open[s.pick % Math.max(open.length, 1)];
      return alert ? write(store, planAcknowledge(storeReader(store), alert.id, now)) : store;
    }
    case 'import': {
      const source = history[Math.max(0, history.length - 1 - s.stepsBack)] ?? store;
      const parsed = parseRecordsFile(serializeRecordsFile(buildRecordsFile(source, now).file), now);
      if (!parsed.ok) throw new Error(parsed.error.message);
      // Keep this browser's key in every conflict: a decision the user could make.
      const first = planImport(storeReader(store), parsed.file, {}, now);
      const decisions = first.ok ? Object.fromEntries(first.undecided.map((id) => [id, 'mine' as const])) : {};
      return write(store, planImport(storeReader(store), parsed.file, decisions, now));
    }
    case 'clear': {
      const plan = planMigration({}, now);
      if (!plan.ok) throw new Error(plan.reason);
      return applyPlan({}, plan);
    }
    case 'check': {
      const plan = planMigration(store, now, { compactNotices: true });
      if (!plan.ok) throw new Error(plan.reason);
      return applyPlan(store, plan);
    }
  }
}

/** The open alerts of a conversation as a scan of every alert finds them (the rule the popup and banner follow). */
function scannedOpenAlerts(store: Store, conversationId: string): string[] {
  const read = readConversation(recordsReader(store), conversationKey(ORIGIN, ACCOUNT, conversationId));
  if (read.status !== 'ok') return [];
  const members = new Set(read.value.roster.map((m) => m.id));
  return collectAlerts(store)
    .alerts.filter(
      (a) =>
        a.state === 'open' &&
        (a.conversationId === conversationId ||
          (a.contactId !== null && members.has(a.contactId)) ||
          // A limit of the store reached by the conversation's site, or by every site: it concerns every conversation there.
          (a.rule === 'storage-limit' && (a.origin === ORIGIN || a.origin === ''))),
    )
    .map((a) => a.id)
    .sort();
}

function indexedOpenAlerts(store: Store, conversationId: string): string[] {
  const read = readConversation(recordsReader(store), conversationKey(ORIGIN, ACCOUNT, conversationId));
  if (read.status !== 'ok') return [];
  const listed = openAlertEntriesOf(recordsReader(store), read.value);
  expect(listed.damaged).toEqual([]);
  const found = readOpenAlerts(recordsReader(store), listed.entries);
  expect(found.stale).toEqual([]);
  return found.alerts.map((a) => a.id).sort();
}

describe('open-alert indexes and badge summary', () => {
  it('agree with a full scan after any sequence of writes, imports, clears, checks, retention and limits reached', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 14 }), fc.option(limitsArb), (steps, tight) => {
        const limits = tight ?? STORE_LIMITS;
        let store = emptyStore();
        let now = T0;
        const history: Store[] = [];
        for (const s of steps) {
          now += 1 + (s.kind === 'snapshot' || s.kind === 'check' ? s.wait : 0);
          history.push(store);
          store = step(store, s, now, history, limits);
          expect(indexDifferences(store)).toEqual([]);
          // The usage records exactly as a full count gives them: nothing to write, nothing to remove.
          expect(planUsageRebuild(store)).toEqual({ writes: {}, deletes: [] });
          const summary = store[SUMMARY_KEY] as SummaryRecord;
          expect(summary.rebuild).toBe(false);
          expect(badgeForCounts(summary.open)).toEqual(badgeFor(collectAlerts(store).alerts));
          for (const id of ['team', 'dm']) expect(indexedOpenAlerts(store, id)).toEqual(scannedOpenAlerts(store, id));
        }
      }),
      { numRuns: 120 },
    );
  });
});
