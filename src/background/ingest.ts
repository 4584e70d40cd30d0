// A roster snapshot goes into the trust store: read what it touches, plan with
// the pure core (within the limits of the store, the derived records kept in step), apply, then tell the user through
// badge (from the summary), notification and banner (the conversation's open
// critical alerts, through the indexes): no ingest reads or sorts every alert.
import type { RosterSnapshot } from '../core/roster';
import { isLimitRefusal, planIngest, readAheadOfIngest, readConversation } from '../core/trust';
import type { BannerAlert } from '../messages';
import { refreshBadge } from './badge';
import { bannerAlerts } from './banners';
import { log } from './log';
import { notifyCritical } from './notifications';
import { isOpenCritical } from './open-alerts';
import { recordIngestTiming } from './metrics';
import { applyPlan, planWithStore, planWriteWithinLimits, serialized, storeWrites } from './store';

export type IngestOutcome =
  /**
   * `takenIn`: the number of the store write that took it in (store.ts, storeWrites). `raisedCritical`: it opened or
   * reopened a critical alert, which other tabs' banners must show too (refreshBanners, after the reporting tab's state).
   */
  | { ok: true; conversationKey: string; banner: BannerAlert[]; takenIn: number; raisedCritical: boolean }
  /** `overLimit`: not stored because a limit of the store is reached (its alert is written instead). */
  | { ok: false; reason: string; overLimit?: boolean; raisedCritical?: boolean };

/**
 * Starts reading what the ingest of this conversation will read, without
 * waiting for it: a woken worker checks a report's signatures (its own work)
 * while storage reads the records (the browser's), and the ingest's own reads
 * then share what is on its way (store-copy.ts). Only reads; a failure here is
 * the ingest's to meet again.
 */
export function readAheadOfReport(report: Parameters<typeof readAheadOfIngest>[1]): ReadAhead {
  return planWithStore((read) => readAheadOfIngest(read, report)).then(
    () => true,
    () => false,
  );
}

/** A read ahead of a report under way: true once the copy holds all it read (a plan run asked for nothing unknown). */
export type ReadAhead = Promise<boolean>;

/**
 * `readAhead`: the read ahead of the report this snapshot was made from (readAheadOfReport), which read what the
 * ingest reads first: once it has done so, the ingest does not walk the roster to read it all again.
 */
export async function ingestSnapshot(snapshot: RosterSnapshot, readAhead?: ReadAhead): Promise<IngestOutcome> {
  const { plan: result, takenIn } = await serialized(async () => {
    const now = Date.now();
    const started = performance.now();
    // A woken background holds none of these yet: two storage reads instead of several runs of the whole plan.
    // (Should the copy have been dropped since, the plan's own rounds load what it lacks: only slower.)
    if (!(readAhead && (await readAhead))) await planWithStore((read) => readAheadOfIngest(read, snapshot));
    // What a page shows is taken in only within the limits of the store (src/core/trust/limits).
    const plan = await planWriteWithinLimits(snapshot.messenger, now, (read) => planIngest(snapshot, read, now));
    const planned = performance.now();
    if (plan.ok) await applyPlan(plan);
    else if (isLimitRefusal(plan)) await applyPlan(plan.limited);
    const takenIn = storeWrites();
    // Not awaited, like the checks' figures: storage answers in the order asked, so a read after the badge sees it.
    void recordIngestTiming({
      participants: snapshot.participants.length,
      planMs: planned - started,
      writeMs: performance.now() - planned,
      totalMs: performance.now() - started,
    });
    return { plan, takenIn };
  });
  if (!result.ok) {
    log.refused(`snapshot from ${snapshot.messenger}: ${result.reason}`, 'content-script');
    if (!isLimitRefusal(result)) return result;
    await Promise.all([refreshBadge(), notifyCritical(result.limited.alerts)]);
    return { ok: false, reason: result.reason, overLimit: true, raisedCritical: result.limited.alerts.some(isOpenCritical) };
  }
  for (const problem of result.problems) log.refused(`stored record ${problem.key}: ${problem.reason}`, 'storage');
  const notified = notifyCritical(result.alerts);
  // Met again below; should the badge fail first, the notifications' own failure is not left unhandled.
  notified.catch(() => undefined);
  // The badge first, and set before the banner's read starts: that read walks every member's index in one run of the
  // plan, and a badge still waiting for its own read (the summary) would be set only after it.
  await refreshBadge();
  const conversation = await planWithStore((read) => readConversation(read, result.conversationKey));
  const [banner] = await Promise.all([bannerAlerts(conversation), notified]);
  return { ok: true, conversationKey: result.conversationKey, banner, takenIn, raisedCritical: result.alerts.some(isOpenCritical) };
}
