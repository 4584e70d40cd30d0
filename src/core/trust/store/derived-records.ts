// Every derived record a write changes, kept in step by the single writer and
// written in the same `set` as the records they describe: the open-alert
// indexes with the badge summary (indexes/index-updates.ts), and the usage
// records the limits of the store are checked against (limits/usage.ts), which
// count the index records too, so the index updates are added first. The full
// check builds both afresh from a full read (planMigration). When a write
// finds a usage record in doubt (the total missing, a record damaged), the
// summary asks for that full check, exactly as for a damaged index.

import { isLimitRefusal, withinLimits, type LimitRefusal } from '../limits/within-limits';
import { STORE_LIMITS, type StoreLimits } from '../limits/store-limits';
import { isUsageKey, usageChange, usageInDoubt, withUsage } from '../limits/usage';
import { withIndexUpdates, type StoreChanges } from './indexes/index-updates';
import type { StoreRead } from './read-record';
import type { StoredRecord } from './record-schemas';

const inDoubt = (read: StoreRead, plan: StoreChanges) => usageInDoubt(read, usageChange(read, plan.writes, plan.deletes ?? []));

/** A plan with the updates of every derived record added to its writes and deletes. */
export function withDerivedUpdates<P extends StoreChanges>(read: StoreRead, plan: P): P & { deletes: string[] } {
  return withUsage(read, withIndexUpdates(read, plan, { inDoubt: inDoubt(read, plan) }));
}

/** A limit refusal whose limit alert carries the derived records' updates too (apply writes, then deletes). */
export type LimitRefusalInStep = LimitRefusal & { limited: { deletes: string[] } };

/**
 * A plan made from what a page showed, within the limits of the store
 * (limits/within-limits.ts), with every derived record kept in step; or, at a
 * limit, the limit alert in its place, with the derived records it changes.
 */
export function withinLimitsInStep<P extends { ok: true; writes: Record<string, StoredRecord>; deletes: string[] }>(
  read: StoreRead,
  origin: string,
  plan: P,
  now: number,
  limits: StoreLimits = STORE_LIMITS,
): P | LimitRefusalInStep {
  // The index records a plan changes count in its origin's characters: checked with them.
  const indexed = withIndexUpdates(read, plan, { inDoubt: inDoubt(read, plan) }) as P;
  const checked = withinLimits(read, origin, indexed, now, limits);
  if (!isLimitRefusal(checked)) return checked;
  const alertOnly = Object.fromEntries(Object.entries(checked.limited.writes).filter(([key]) => !isUsageKey(key)));
  const inStep = withDerivedUpdates(read, { writes: alertOnly, deletes: [] });
  return { ...checked, limited: { ...checked.limited, writes: inStep.writes as Record<string, StoredRecord>, deletes: inStep.deletes } };
}
