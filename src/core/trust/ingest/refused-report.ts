// A report of a conversation that could not be read at all (refused, or not
// stored) is one more occurrence of that conversation's problem alert
// (rules/snapshot-problem.ts), like a snapshot that missed observations: the
// state the page showed was not checked, and could hide a change. There is no
// snapshot to run the rules on, so the finding is made here, from the stored
// conversation, with the rule's own identity and reconciliation.

import { reconcileAlerts, uniqueDrafts } from '../alerts/alert-reconcile';
import type { AlertRecord } from '../store/record-schemas';
import { clip } from '../rules/fields';
import { readWith, type StoreRead } from '../store/read-record';
import { AlertRecordSchema, ConversationRecordSchema, type StoredRecord } from '../store/record-schemas';
import { alertKey } from '../store/storage-keys';
import { storeVersionRefusal, type Refusal } from '../store/store-version';

export type RefusedReportPlan = { ok: true; writes: Record<string, StoredRecord>; alerts: AlertRecord[] } | Refusal;

/**
 * The plan for a report of the conversation stored under `conversationKey`
 * that was refused for `reason`. Nothing to write when the conversation is not
 * stored (nothing to attach it to: the tab's coverage still says it).
 */
export function planRefusedReport(read: StoreRead, conversationKey: string, reason: string, now: number): RefusedReportPlan {
  const refusal = storeVersionRefusal(read, 'ingest');
  if (refusal) return refusal;
  const stored = readWith(read, conversationKey, ConversationRecordSchema);
  if (stored.status !== 'ok') return { ok: true, writes: {}, alerts: [] };
  const c = stored.value;
  const drafts = uniqueDrafts([
    {
      rule: 'snapshot-problem',
      origin: c.origin,
      account: c.account,
      conversationId: c.conversationId,
      conversationTitle: c.title,
      contactId: null,
      contactName: null,
      key: null,
      previousKey: null,
      deviceId: null,
      vouch: null,
      detail: clip(`a report from the page was not taken, so what it showed was not checked: ${reason}`),
      recordKey: null,
      quarantineKey: null,
      newIdentityKey: null,
    },
  ]);
  const [id] = drafts.keys();
  const existing = readWith(read, alertKey(id!), AlertRecordSchema);
  // A damaged alert is left for the next ingest, which sets it aside before replacing it.
  if (existing.status === 'corrupt') return { ok: true, writes: {}, alerts: [] };
  const alerts = reconcileAlerts(drafts, () => (existing.status === 'ok' ? existing.value : null), now);
  const writes: Record<string, StoredRecord> = {};
  for (const [id, record] of alerts.writes) writes[alertKey(id)] = record;
  return { ok: true, writes, alerts: alerts.raised };
}
