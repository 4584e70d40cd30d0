// The only ways trust changes: the user marks a key verified or acknowledges an
// alert, from an extension page (the router refuses every other sender).
import { planAcknowledge, planMarkVerified, withUsage, type ActionResult, type StoreRead } from '../../core/trust';
import type { Messages } from '../../messages';
import { refreshBadge } from '../badge';
import { refreshBanners } from '../banners';
import { log } from '../log';
import { applyPlan, planWithStore, serialized } from '../store';

type Reply = Messages['trust/mark-verified']['response'];

async function applyAction(plan: () => Promise<ActionResult>): Promise<Reply> {
  const result = await serialized(async () => {
    const action = await plan();
    if (action.ok) await applyPlan({ writes: action.writes, deletes: [] });
    return action;
  });
  if (!result.ok) {
    log.refused(result.reason, 'extension-page');
    return { ok: false, reason: result.reason };
  }
  log.info(result.outcome);
  await Promise.all([refreshBadge(), refreshBanners()]);
  return { ok: true, outcome: result.outcome };
}

/** An action's plan with the usage records it changes (src/core/trust/limits). */
const counted = (read: StoreRead, action: ActionResult): ActionResult => (action.ok ? withUsage(read, action) : action);

export function handleMarkVerified(request: Messages['trust/mark-verified']['request']): Promise<Reply> {
  return applyAction(() => planWithStore((read) => counted(read, planMarkVerified(read, request, Date.now()))));
}

export function handleAcknowledge(request: Messages['trust/acknowledge']['request']): Promise<Reply> {
  return applyAction(() => planWithStore((read) => counted(read, planAcknowledge(read, request.alertId, Date.now()))));
}
