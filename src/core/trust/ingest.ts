// Ingesting a roster snapshot, in three pure steps for a background that owns
// storage.local and serializes every read-modify-write:
//   1. keysToRead(snapshot)                     → read those keys
//   2. moreKeysToRead(snapshot, first, now)     → read those too (alerts the snapshot
//                                                  would raise, people who left)
//   3. planIngest(snapshot, first ∪ more, now)  → set(writes), then remove(deletes)
// readForIngest (read-helpers.ts) does 1 and 2. Nothing here throws on bad data:
// a bad snapshot is refused with a reason, a bad stored record is set aside.

import { reconcileAlerts, uniqueDrafts } from './alert-reconcile';
import { recordCorruptDrafts } from './alert-rules';
import { analyzeIngest, checkIngestInput, checkStoreVersion, degradedAlertId, type Refusal } from './ingest-analysis';
import { nextConversation } from './next-conversation';
import type { StorePlan } from './plan-builder';
import { AlertRecordSchema, type AlertRecord } from './record-schemas';
import { alertKey, contactKey, conversationKey, SCHEMA_KEY } from './storage-keys';

export interface IngestPlan extends StorePlan {
  ok: true;
  /** Alerts opened or reopened by this snapshot (for notifications and the banner). */
  alerts: AlertRecord[];
  conversationKey: string;
}

export type IngestResult = IngestPlan | Refusal;

/** Phase 1: the schema record, the conversation, every participant's contact, and the conversation's degraded alert. */
export function keysToRead(snapshot: unknown): string[] {
  const checked = checkIngestInput(snapshot, 0);
  if (!checked.ok) return [SCHEMA_KEY];
  const s = checked.snapshot;
  return [
    SCHEMA_KEY,
    conversationKey(s.messenger, s.account, s.conversation.id),
    alertKey(degradedAlertId(s)),
    ...s.participants.map((p) => contactKey(s.messenger, s.account, p.id)),
  ];
}

/** Phase 2, from what phase 1 returned: the alerts this snapshot would raise, and the contacts of people who left. */
export function moreKeysToRead(snapshot: unknown, firstRead: Readonly<Record<string, unknown>>, now: number): string[] {
  const checked = checkIngestInput(snapshot, now);
  if (!checked.ok || checkStoreVersion(firstRead)) return [];
  const analysis = analyzeIngest(checked.snapshot, firstRead, now);
  const keys = new Set([...analysis.removedContactKeys, ...[...analysis.drafts.keys()].map(alertKey)]);
  for (const key of Object.keys(firstRead)) keys.delete(key);
  return [...keys];
}

export function planIngest(snapshot: unknown, records: Readonly<Record<string, unknown>>, now: number): IngestResult {
  const checked = checkIngestInput(snapshot, now);
  if (!checked.ok) return checked;
  const refusal = checkStoreVersion(records);
  if (refusal) return refusal;

  const analysis = analyzeIngest(checked.snapshot, records, now);
  const { builder, snapshot: s } = analysis;
  const existing = (id: string) => builder.read(alertKey(id), AlertRecordSchema);
  const corruptBefore = builder.corrupt.length;
  const settled = reconcileAlerts(analysis.drafts, existing, now);

  // Alert records found damaged just now get their own notice (nothing stored to compare with).
  const late = uniqueDrafts(recordCorruptDrafts(s, builder.corrupt.slice(corruptBefore)));
  const notices = reconcileAlerts(late, () => null, now);
  for (const [id, record] of notices.writes) settled.writes.set(id, record);
  settled.raised.push(...notices.raised);

  for (const o of analysis.observations) {
    if (o.dirty) builder.write(contactKey(s.messenger, s.account, o.participant.id), o.after);
  }
  const conversation = nextConversation(analysis.stored, s, analysis.roster, analysis.level.level, now);
  if (conversation.dirty) builder.write(analysis.conversationKey, conversation.record);
  for (const [id, record] of settled.writes) builder.write(alertKey(id), record);

  return { ok: true, ...builder.finish(), alerts: settled.raised, conversationKey: analysis.conversationKey };
}
