// A roster snapshot goes into the trust store: read what it touches, plan with
// the pure core, apply, then tell the user through badge, notification and banner.
import type { RosterSnapshot } from '../core/roster';
import { isLimitRefusal, planIngest, readConversation, withinLimits } from '../core/trust';
import type { BannerAlert } from '../messages';
import { refreshBadge } from './badge';
import { bannerAlerts } from './banners';
import { log } from './log';
import { notifyCritical } from './notifications';
import { recordIngestTiming } from './metrics';
import { allAlerts, applyPlan, planWithStore, serialized } from './store';

export type IngestOutcome =
  | { ok: true; conversationKey: string; banner: BannerAlert[] }
  /** `overLimit`: not stored because a limit of the store is reached (its alert is written instead). */
  | { ok: false; reason: string; overLimit?: boolean };

export async function ingestSnapshot(snapshot: RosterSnapshot): Promise<IngestOutcome> {
  const result = await serialized(async () => {
    const now = Date.now();
    const started = performance.now();
    // What a page shows is taken in only within the limits of the store (src/core/trust/limits).
    const plan = await planWithStore((read) => {
      const ingest = planIngest(snapshot, read, now);
      return ingest.ok ? withinLimits(read, snapshot.messenger, ingest, now) : ingest;
    });
    const planned = performance.now();
    if (plan.ok) await applyPlan(plan);
    else if (isLimitRefusal(plan)) await applyPlan({ writes: plan.limited.writes, deletes: [] });
    await recordIngestTiming({
      participants: snapshot.participants.length,
      planMs: planned - started,
      writeMs: performance.now() - planned,
      totalMs: performance.now() - started,
    });
    return plan;
  });
  if (!result.ok) {
    log.refused(`snapshot from ${snapshot.messenger}: ${result.reason}`, 'content-script');
    if (!isLimitRefusal(result)) return result;
    await Promise.all([refreshBadge(), notifyCritical(result.limited.alerts)]);
    return { ok: false, reason: result.reason, overLimit: true };
  }
  for (const problem of result.problems) log.refused(`stored record ${problem.key}: ${problem.reason}`, 'storage');
  const conversation = await planWithStore((read) => readConversation(read, result.conversationKey));
  const banner = bannerAlerts(conversation, await allAlerts());
  await Promise.all([refreshBadge(), notifyCritical(result.alerts)]);
  return { ok: true, conversationKey: result.conversationKey, banner };
}
