// A report the background could not take (refused, or not stored) about the
// conversation a tab shows: one more occurrence of that conversation's problem
// alert, so the user sees that what the page showed was not checked.
import { planRefusedReport } from '../core/trust';
import { documentOf } from '../view/coverage';
import { refreshBadge } from './badge';
import { log } from './log';
import { applyPlan, planWrite, serialized } from './store';
import { readTabState } from './tab-state';

/** Never throws: when even this cannot be stored, the tab's coverage still says the report was refused. */
export async function alertRefusedReport(tabId: number, url: string, reason: string): Promise<void> {
  try {
    const state = await readTabState(tabId);
    if (!state?.conversationKey || documentOf(state.url) !== documentOf(url)) return;
    const conversationKey = state.conversationKey;
    const plan = await serialized(async () => {
      // The problem alert it opens goes into the indexes, the summary and the usage records.
      const planned = await planWrite((read) => planRefusedReport(read, conversationKey, reason, Date.now()));
      if (planned.ok) await applyPlan(planned);
      return planned;
    });
    if (!plan.ok) log.refused(plan.reason, 'storage');
    else if (Object.keys(plan.writes).length > 0) await refreshBadge();
  } catch (error) {
    log.error('the problem alert of a refused report could not be stored', error);
  }
}
