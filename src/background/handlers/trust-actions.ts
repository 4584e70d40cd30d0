// The only ways trust changes: the user marks a key verified or acknowledges an
// alert, from an extension page (the router refuses every other sender).
import { planAcknowledge, planMarkVerified, type ActionResult } from '../../core/trust';
import type { Messages } from '../../messages';
import { refreshBadge } from '../badge';
import { refreshBanners } from '../banners';
import { log } from '../log';
import { settleNotifications } from '../notifications';
import { applyPlan, planWrite, serialized } from '../store';

type Reply = Messages['trust/mark-verified']['response'];

async function applyAction(plan: () => Promise<ActionResult>): Promise<Reply> {
  const result = await serialized(async () => {
    const action = await plan();
    if (action.ok) await applyPlan(action);
    return action;
  });
  if (!result.ok) {
    log.refused(result.reason, 'extension-page');
    return { ok: false, reason: result.reason };
  }
  log.info(result.outcome);
  await Promise.all([refreshBadge(), refreshBanners(), settleNotifications()]);
  return { ok: true, outcome: result.outcome };
}

export function handleMarkVerified(request: Messages['trust/mark-verified']['request']): Promise<Reply> {
  // planWrite keeps the derived records in step: the indexes, the summary and the usage records.
  return applyAction(() => planWrite((read) => planMarkVerified(read, request, Date.now())));
}

export function handleAcknowledge(request: Messages['trust/acknowledge']['request']): Promise<Reply> {
  return applyAction(() => planWrite((read) => planAcknowledge(read, request.alertId, Date.now(), request.lastRaised)));
}
