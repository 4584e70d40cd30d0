// Per-site on/off (src/core/settings). Reports from a site the user turned
// off are not read at all: the tab's state says why, and its banner is hidden.
import { isSiteEnabled, planSetSite, readSettings } from '../core/settings/site-settings';
import type { Messages } from '../messages';
import { i18n } from '../platform/runtime';
import { mayReadAddress } from '../platform/scripting';
import { readKeys } from '../platform/storage';
import { hideBanner } from './banners';
import type { HandlerContext } from './router';
import { applyPlan, planWithStore, serialized } from './store';
import { recordTabState, reportingPage, type TabState } from './tab-state';

export async function siteEnabled(origin: string): Promise<boolean> {
  return isSiteEnabled((await planWithStore(readSettings)).settings, origin);
}

/** Runs `handler` only for sites KeyWatch is on for; otherwise records that it is off and answers `off`. */
export function unlessSiteOff<Req, Res>(
  handler: (request: Req, context: HandlerContext) => Promise<Res>,
  off: Res,
): (request: Req, context: HandlerContext) => Promise<Res> {
  return async (request, context) => {
    const page = reportingPage(context);
    // A reader left running in a tab after the user withdrew KeyWatch's access in the browser is not listened to.
    if (!(await mayReadAddress(page.url))) {
      if (!context.fromFrame) await recordTabState(context.tabId!, page, { conversationKey: null, problem: i18n('siteNoAccessProblem') });
      return off;
    }
    if (await siteEnabled(page.origin)) return handler(request, context);
    // The top frame's own report says it for the tab; a child frame's is only not read.
    if (!context.fromFrame) await recordTabState(context.tabId!, page, { conversationKey: null, problem: i18n('siteOffProblem') });
    return off;
  };
}

/** Records `problem` for every open tab whose state `affected` picks (its page no longer read), and hides its banner if `hide`. */
async function markTabs(affected: (state: TabState) => boolean | Promise<boolean>, problem: string, hide: boolean): Promise<void> {
  const session = await readKeys('session', null);
  await Promise.all(
    Object.entries(session).map(async ([key, value]) => {
      const state = value as TabState | null;
      if (!key.startsWith('tab/') || typeof state?.url !== 'string' || typeof state.origin !== 'string' || !(await affected(state))) return;
      const tabId = Number(key.slice(4));
      await recordTabState(
        tabId,
        { url: state.url, origin: state.origin, document: state.document ?? null },
        { conversationKey: null, problem },
      );
      if (hide) await hideBanner(tabId);
    }),
  );
}

/** After access was withdrawn in the browser: every open tab of a site KeyWatch may no longer read says so at once. */
export function markTabsWithoutAccess(): Promise<void> {
  return markTabs(async (state) => !(await mayReadAddress(state.url)), i18n('siteNoAccessProblem'), true);
}

/** Turns a site on or off, and updates every open tab of it at once. */
export async function handleSetSite(request: Messages['settings/site']['request']): Promise<Messages['settings/site']['response']> {
  const result = await serialized(async () => {
    const plan = await planWithStore((read) => planSetSite(read, request.origin, request.enabled));
    if (plan.ok) await applyPlan({ writes: plan.writes, deletes: [] });
    return plan;
  });
  if (!result.ok) return result;
  const problem = i18n(request.enabled ? 'siteOnAgainProblem' : 'siteOffProblem');
  await markTabs((state) => state.origin === request.origin, problem, !request.enabled);
  return { ok: true };
}
