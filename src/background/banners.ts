// What the in-page banner shows: the open critical alerts of the conversation it shows.
import type { BannerAlert, BannerPush } from '../messages';
import { readConversation, type AlertRecord, type ConversationRead } from '../core/trust';
import { openTabIds, sendToTab } from '../platform/tabs';
import { markTabBadge } from '../platform/action';
import { alertText } from '../ui/alert-text';
import { criticalOnly, isOpenCritical, openAlertsOf } from './open-alerts';
import { log } from './log';
import { planWithStore } from './store';
import { isPending } from './tab-coverage';
import { readTabState, readTabStates, type TabState } from './tab-state';

function toBanner(alerts: readonly AlertRecord[]): BannerAlert[] {
  return alerts.filter(isOpenCritical).map((a) => ({ id: a.id, summary: alertText(a).summary, raised: a.lastRaised }));
}

/** The banner of a conversation: its open critical alerts, read through the indexes. */
export async function bannerAlerts(conversation: ConversationRead): Promise<BannerAlert[]> {
  if (conversation.status !== 'ok') return [];
  return toBanner((await openAlertsOf(conversation.value, criticalOnly)).alerts);
}

/**
 * Pushes the current banner to every open tab that shows a conversation; but `except`, a tab whose own report's reply
 * carries its banner (its state may not yet name what that report showed).
 */
export async function refreshBanners(except?: number): Promise<void> {
  const states = await readTabStates((await openTabIds()).filter((tabId) => tabId !== except));
  await Promise.all(
    [...states].map(async ([tabId, state]) => {
      const { adapter } = state;
      // A tab that shows no conversation now may still show the banner of the one it showed before.
      const conversationKey = state.conversationKey ?? state.bannerOf ?? null;
      // A state that names no document (a child frame's report while the top frame did not answer) gets no push: an
      // unnamed one is taken by whatever document the tab shows by then, and could take down its banner.
      if (conversationKey === null || !state.document) return;
      const conversation = await planWithStore((read) => readConversation(read, conversationKey));
      const push: BannerPush = {
        type: 'banner/show',
        adapter: adapter ?? 'page-protocol',
        alerts: await bannerAlerts(conversation),
        // Shown only by the document it is about: a busy page takes it when it is free, unless it moved on meanwhile.
        document: state.document,
      };
      // The tab may have moved on while the alerts were read (another conversation, another document): its own
      // report shows its banner; this one's must not replace it, nor take the tab's mark off.
      if (!(await stillRecorded(tabId, state))) return;
      // Nor while a report of the tab is being checked: its reply carries the banner of what it shows now, and a push
      // sent meanwhile could land after that reply, with the banner of what the tab showed before.
      if (isPending(tabId)) return;
      // A tab without our content script (navigated away) just does not answer.
      if (push.alerts.length === 0) await markTabBadge(tabId, null, '', null).catch(() => undefined);
      await sendToTab(tabId, push, TOP_FRAME).catch(() => undefined);
    }),
  );
}

/** A refresh of other tabs' banners under way, and the reporting tab of one asked for meanwhile (run once after it). */
let othersRefreshing = false;
let othersAgain: number | null = null;

/**
 * After a report raised a critical alert: every other tab's banner follows it now, not at its own next report (the
 * alert is about a person, and belongs to every conversation with them). Not waited for; a failure is logged. A page
 * that raises one alert per report gets one refresh at a time, and one more after it, never a pile of them (each
 * reads every open tab's conversation).
 */
export function refreshOtherBanners(reportingTab: number): void {
  if (othersRefreshing) {
    othersAgain = reportingTab;
    return;
  }
  othersRefreshing = true;
  void refreshBanners(reportingTab)
    .catch((error: unknown) => log.error('the banners of other tabs could not be refreshed', error))
    .finally(() => {
      othersRefreshing = false;
      const next = othersAgain;
      othersAgain = null;
      if (next !== null) refreshOtherBanners(next);
    });
}

/** Whether the tab's state still names the document and the conversation `state` named. */
async function stillRecorded(tabId: number, state: TabState): Promise<boolean> {
  const now = await readTabState(tabId);
  return (
    now !== null &&
    now.document === state.document &&
    now.conversationKey === state.conversationKey &&
    (now.bannerOf ?? null) === (state.bannerOf ?? null)
  );
}

/** The banner is shown in the top frame only (a child frame's content script reports, and shows nothing). */
const TOP_FRAME = 0;

export async function showBannerInTopFrame(
  tabId: number,
  adapter: BannerPush['adapter'],
  alerts: BannerAlert[],
  document?: string | null,
): Promise<void> {
  const push: BannerPush = { type: 'banner/show', adapter, alerts, ...(document ? { document } : {}) };
  // With nothing left to warn about, a hidden banner no longer matters: the tab's badge follows the others again.
  if (alerts.length === 0) await markTabBadge(tabId, null, '', null).catch(() => undefined);
  await sendToTab(tabId, push, TOP_FRAME).catch(() => undefined);
}

/** Hides the banner in a tab, whichever adapter's content script shows it there. */
export async function hideBanner(tabId: number): Promise<void> {
  for (const adapter of ['page-protocol', 'matrix'] as const) {
    // A tab without our content script (closed, navigated away) just does not answer.
    await showBannerInTopFrame(tabId, adapter, []);
  }
}
