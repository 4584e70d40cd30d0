// Which of a conversation's open alerts the popup's view carries, as rows.
import { alertMessage, type AlertRecord } from '../core/trust';
import { INFO_NOTICES_CARRIED, type AlertRow } from '../view/tab-view';

function toAlertRow(a: AlertRecord): AlertRow {
  const { summary, accepts } = alertMessage(a);
  return { id: a.id, severity: a.severity, summary, accepts, at: a.lastRaised, subject: a.contactId };
}

/** Every warning and critical alert; information notices newest first, up to the carried number. */
export function carriedAlerts(open: readonly AlertRecord[]): { alerts: AlertRow[]; infoNotices: number } {
  const loud = open.filter((a) => a.severity !== 'info');
  const info = open.filter((a) => a.severity === 'info').sort((a, b) => b.lastRaised - a.lastRaised);
  return { alerts: [...loud, ...info.slice(0, INFO_NOTICES_CARRIED)].map(toAlertRow), infoNotices: info.length };
}
