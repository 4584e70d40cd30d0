// A conversation's open alerts, through the open-alert indexes: the entries of
// every one (each member's worst severity, how many notices are open) and the
// records of those a view shows. An index found damaged, or listing an alert
// that is not open, puts the indexes in doubt: the full check rebuilds them.
import {
  compareAlerts,
  openAlertEntriesOf,
  readOpenAlerts,
  type AlertRecord,
  type ConversationWithRoster,
  type OpenAlertEntry,
} from '../core/trust';
import { alertsOfConversation } from './conversation-alerts';
import { planWithStore } from './store';
import { scheduleFullCheck } from './store-maintenance';

export interface OpenAlerts {
  /** Every open alert of the conversation, as index entries. */
  entries: OpenAlertEntry[];
  /** The open alerts about each member, by member id. */
  byMember: Map<string, OpenAlertEntry[]>;
  /** The records of the entries chosen, loudest first. */
  alerts: AlertRecord[];
}

export async function openAlertsOf(
  conversation: ConversationWithRoster,
  choose: (entries: readonly OpenAlertEntry[]) => OpenAlertEntry[],
): Promise<OpenAlerts> {
  const found = await planWithStore((read) => {
    const listed = openAlertEntriesOf(read, conversation);
    return { ...listed, ...readOpenAlerts(read, choose(listed.entries)) };
  });
  if (found.damaged.length > 0 || found.stale.length > 0) {
    void scheduleFullCheck(
      `the open-alert indexes disagree with the alerts (${found.damaged.length} damaged, ${found.stale.length} stale)`,
    );
  }
  return { entries: found.entries, byMember: found.byMember, alerts: alertsOfConversation(conversation, found.alerts).sort(compareAlerts) };
}

export const criticalOnly = (entries: readonly OpenAlertEntry[]) => entries.filter((e) => e.severity === 'critical');

/** An alert the banner shows and a notification tells: critical, and open. */
export const isOpenCritical = (alert: Pick<AlertRecord, 'severity' | 'state'>) => alert.severity === 'critical' && alert.state === 'open';
