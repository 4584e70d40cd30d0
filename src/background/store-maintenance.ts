// The full check of the trust store: read everything, migrate, check every
// record, compact old closed notices, rebuild the open-alert indexes, the
// badge summary and the usage records of the limits (planMigration). A woken background does not need it to
// answer; it runs before the first answer only when the store needs it
// (wake-state.ts), and otherwise after the answer: when the browser starts or
// KeyWatch is installed or updated, once a day, and whenever a write or a view
// finds the indexes in doubt. It reads the store afresh and keeps nothing of
// it in memory beyond the plan.
import { planMigration, SUMMARY_KEY, USAGE_TOTAL_KEY } from '../core/trust';
import { writeKeys } from '../platform/storage';
import { log } from './log';
import { applyPlan, readWholeStore, serialized } from './store';

export const STORE_PROBLEM_KEY = 'store/problem';

export interface CheckOutcome {
  ok: boolean;
  /** Whether any record changed (set aside, migrated, compacted, indexes rebuilt). */
  changed: boolean;
}

/** Runs the full check now, in the serialized queue. */
export function runFullCheck(): Promise<CheckOutcome> {
  return serialized(async () => {
    const started = performance.now();
    const all = await readWholeStore();
    const plan = planMigration(all, Date.now(), { compactNotices: true });
    if (!plan.ok) {
      log.error('trust store left untouched', plan.reason);
      await writeKeys('session', { [STORE_PROBLEM_KEY]: plan.reason });
      return { ok: false, changed: false };
    }
    await applyPlan(plan);
    for (const problem of plan.problems) log.refused(`stored record ${problem.key}: ${problem.reason}`, 'storage');
    if (plan.from !== plan.to) log.info(`trust store migrated from version ${plan.from} to ${plan.to}`);
    if (plan.compacted > 0) log.info(`${plan.compacted} closed notice(s) compacted`);
    log.info(`trust store checked: ${Object.keys(all).length} records in ${Math.round(performance.now() - started)} ms`);
    await writeKeys('session', { [STORE_PROBLEM_KEY]: null });
    lastCheckEnded = performance.now();
    // The summary's checkedAt changes every time (and with it, now and then, the usage total); anything else means records changed.
    const changed = Object.keys(plan.writes).some((key) => key !== SUMMARY_KEY && key !== USAGE_TOTAL_KEY) || plan.deletes.length > 0;
    return { ok: true, changed };
  });
}

let pending: Promise<CheckOutcome> | null = null;
/** When this worker last finished a full check (performance.now()), or null. */
let lastCheckEnded: number | null = null;
/** A check asked for `unlessRecent` is skipped within this long of the last one in the same worker. */
const RECENT_CHECK_MS = 60_000;
let afterCheck: (outcome: CheckOutcome) => Promise<void> = async () => undefined;

/** What to do after a check that was not awaited (the badge, the banners). */
export function onCheckDone(listener: (outcome: CheckOutcome) => Promise<void>): void {
  afterCheck = listener;
}

/** Runs the full check soon, once however often it is asked for meanwhile. */
export function scheduleFullCheck(reason: string, options: { unlessRecent?: boolean } = {}): Promise<CheckOutcome> {
  if (options.unlessRecent && lastCheckEnded !== null && performance.now() - lastCheckEnded < RECENT_CHECK_MS && !pending)
    return Promise.resolve({ ok: true, changed: false });
  pending ??= (async () => {
    log.info(`full check of the trust store: ${reason}`);
    try {
      const outcome = await runFullCheck();
      await afterCheck(outcome);
      return outcome;
    } finally {
      pending = null;
    }
  })();
  return pending;
}
