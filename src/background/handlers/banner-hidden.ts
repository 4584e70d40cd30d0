import type { BannerHiddenReason, Messages } from '../../messages';
import { isolated } from '../../core/display/page-text';
import { markTabBadge } from '../../platform/action';
import { notify } from '../../platform/notifications';
import { i18n } from '../../platform/runtime';
import { noteHiddenBanner } from '../hidden-banner-record';
import { log } from '../log';
import type { HandlerContext } from '../router';

type Request = Messages['page/banner-hidden']['request'];

/** The mark the tab's badge carries while the page keeps KeyWatch's banner from the user. */
export const HIDDEN_BANNER_MARK = '!';

/**
 * The page kept KeyWatch's banner from the user: say so where the page cannot
 * reach, a system notification and a mark on that tab's badge. Nothing here
 * can quiet anything; the worst a lying report does is make KeyWatch louder.
 */
export async function handleBannerHidden(request: Request, context: HandlerContext): Promise<{ ok: true }> {
  const tabId = context.tabId!;
  const origin = new URL(context.senderUrl).origin;
  log.info(`the page at ${origin} kept KeyWatch's banner from the user (${request.reason})`);
  const how = i18n(reasonKey(request.reason));
  // Each said on its own: one failing (a full storage.session, notifications turned off) must not keep the others back.
  const steps = await Promise.allSettled([
    markTabBadge(tabId, HIDDEN_BANNER_MARK, '#a40e26', i18n('actionTitleBannerHidden', [isolated(origin), how])),
    notify(`keywatch-banner-hidden-${tabId}`, i18n('notifyTitle'), i18n('notifyBannerHidden', [isolated(origin), how])),
    noteHiddenBanner(tabId, request.reason),
  ]);
  for (const step of steps) if (step.status === 'rejected') log.error('saying the banner was hidden failed', step.reason);
  return { ok: true };
}

function reasonKey(reason: BannerHiddenReason): string {
  return `bannerHidden_${reason.replace(/-/g, '_')}`;
}
