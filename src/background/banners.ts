// Keeps every tab's in-page banner in step with the open critical alerts of the
// conversation it shows.
import type { BannerAlert, BannerPush } from '../messages';
import { readConversation, type AlertRecord, type ConversationRead } from '../core/trust';
import { readKeys } from '../platform/storage';
import { sendToTab } from '../platform/tabs';
import { alertsOfConversation } from './conversation-alerts';
import { allAlerts, getLocal } from './store';

export function bannerAlerts(conversation: ConversationRead, alerts: readonly AlertRecord[]): BannerAlert[] {
  if (conversation.status !== 'ok') return [];
  return alertsOfConversation(conversation.value, alerts)
    .filter((a) => a.state === 'open' && a.severity === 'critical')
    .map((a) => ({ id: a.id, summary: a.summary }));
}

/** Pushes the current banner to every tab that shows a conversation. */
export async function refreshBanners(): Promise<void> {
  const session = await readKeys('session', null);
  const alerts = await allAlerts();
  await Promise.all(Object.entries(session).map(async ([key, value]) => {
    if (!key.startsWith('tab/')) return;
    const { conversationKey, adapter } = (value ?? {}) as { conversationKey?: unknown; adapter?: unknown };
    if (typeof conversationKey !== 'string') return;
    const conversation = await readConversation(conversationKey, getLocal);
    const push: BannerPush = {
      type: 'banner/show',
      adapter: adapter === 'matrix' ? 'matrix' : 'page-protocol',
      alerts: bannerAlerts(conversation, alerts),
    };
    // A tab without our content script (closed, navigated away) just does not answer.
    await sendToTab(Number(key.slice(4)), push).catch(() => undefined);
  }));
}

/** Hides the banner in a tab, whichever adapter's content script shows it there. */
export async function hideBanner(tabId: number): Promise<void> {
  for (const adapter of ['page-protocol', 'matrix'] as const) {
    const push: BannerPush = { type: 'banner/show', adapter, alerts: [] };
    // A tab without our content script (closed, navigated away) just does not answer.
    await sendToTab(tabId, push).catch(() => undefined);
  }
}
