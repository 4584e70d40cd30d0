// A conversation's open alerts, found through the indexes instead of a scan of
// every alert: those raised in it (its conversation index) and those about
// anyone on its roster (each member's contact index). The entries alone give
// each member's worst severity and how many notices are open; only the alert
// records a view shows are read.

import { readWith, type StoreRead } from '../read-record';
import { AlertRecordSchema, type AlertRecord } from '../record-schemas';
import { OpenAlertsRecordSchema, type OpenAlertEntry } from '../index-schemas';
import { alertKey, openAlertsKey } from '../storage-keys';
import { alertIdOf } from '../../alerts/alert-id';
import { storageLimitFields } from '../../rules/storage-limit';

export interface ConversationOpenAlerts {
  /** Every open alert of the conversation, each once. */
  entries: OpenAlertEntry[];
  /** The open alerts about each roster member, by member id. */
  byMember: Map<string, OpenAlertEntry[]>;
  /** Index records that failed validation: what they listed is missing until the indexes are rebuilt. */
  damaged: string[];
}

interface ConversationPlace {
  origin: string;
  account: string;
  conversationId: string;
  roster: readonly { id: string }[];
}

export function openAlertEntriesOf(read: StoreRead, conversation: ConversationPlace): ConversationOpenAlerts {
  const result: ConversationOpenAlerts = { entries: [], byMember: new Map(), damaged: [] };
  const seen = new Set<string>();
  const listed = (key: string): OpenAlertEntry[] => {
    const index = readWith(read, key, OpenAlertsRecordSchema);
    if (index.status === 'corrupt') result.damaged.push(key);
    const entries = index.status === 'ok' ? index.value.open : [];
    for (const entry of entries) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      result.entries.push(entry);
    }
    return entries;
  };
  const { origin, account } = conversation;
  listed(openAlertsKey('conversation', origin, account, conversation.conversationId));
  for (const member of conversation.roster) {
    const entries = listed(openAlertsKey('contact', origin, account, member.id));
    if (entries.length > 0) result.byMember.set(member.id, entries);
  }
  for (const entry of openLimitAlerts(read, origin)) if (!seen.has(entry.id)) result.entries.push(entry);
  return result;
}

/**
 * The open limit alerts of the conversation's site and of every site (rules/storage-limit.ts): they name no contact
 * and no conversation, so no index lists them, and their ids are known (one per origin, one for the total).
 */
function openLimitAlerts(read: StoreRead, origin: string): OpenAlertEntry[] {
  return (['chars', 'totalChars'] as const).flatMap((limit) => {
    const id = alertIdOf({ rule: 'storage-limit', ...storageLimitFields(origin, limit) });
    const found = readWith(read, alertKey(id), AlertRecordSchema);
    return found.status === 'ok' && found.value.state === 'open'
      ? [{ id, severity: found.value.severity, lastRaised: found.value.lastRaised }]
      : [];
  });
}

/**
 * The alert records of these entries that are open. `stale` names each entry
 * whose record is missing, damaged or closed: the index disagrees with the
 * alerts, and should be rebuilt.
 */
export function readOpenAlerts(read: StoreRead, entries: readonly OpenAlertEntry[]): { alerts: AlertRecord[]; stale: string[] } {
  const alerts: AlertRecord[] = [];
  const stale: string[] = [];
  for (const entry of entries) {
    const found = readWith(read, alertKey(entry.id), AlertRecordSchema);
    if (found.status === 'ok' && found.value.state === 'open') alerts.push(found.value);
    else stale.push(entry.id);
  }
  return { alerts, stale };
}
