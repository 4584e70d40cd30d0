import { badgeForCounts, readWith, SUMMARY_KEY, SummaryRecordSchema } from '../core/trust';
import { setBadge } from '../platform/action';
import { i18n } from '../platform/runtime';
import { tn } from '../ui/i18n';
import { taskQueue } from './serial';
import { planWithStore } from './store';

/** The colour of a badge that cannot count: the store's summary is not readable (the full check says why). */
const UNREADABLE_COLOR = '#c5221f';

/** Refreshes run one after another: see refreshBadge. */
const inOrder = taskQueue();

/**
 * Sets the badge from the store's badge summary: count and colour of the worst open alert, without reading any alert.
 * Refreshes run one after another, each reading the summary once the one before is set: two at once (the one at
 * waking, a report's after its write) could otherwise end with the older summary shown.
 */
export function refreshBadge(): Promise<void> {
  return inOrder(setFromSummary);
}

async function setFromSummary(): Promise<void> {
  const summary = await planWithStore((read) => readWith(read, SUMMARY_KEY, SummaryRecordSchema));
  if (summary.status !== 'ok') {
    await setBadge('!', UNREADABLE_COLOR, i18n('actionTitleStoreProblem'));
    return;
  }
  const badge = badgeForCounts(summary.value.open);
  const title = badge.text ? tn('actionTitleAlerts', Number.parseInt(badge.text, 10), badge.text) : i18n('actionTitle');
  await setBadge(badge.text, badge.color || '#1a73e8', title);
}
