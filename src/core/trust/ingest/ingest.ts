// Ingesting a roster snapshot, for a background that owns storage.local and
// serializes every read-modify-write. Three reads, one analysis:
//   1. keysToRead(snapshot)                        → read those keys (first)
//   2. rosterKeysToRead(snapshot, first)           → read the stored roster's chunks (roster)
//   3. prepareIngest(snapshot, first+roster, now)  → { prepared, moreKeys }: read moreKeys (more)
//   4. finishIngest(prepared, more)                → set(writes), then remove(deletes)
// ingestWith (read-helpers.ts) does it all; planIngest does 3 and 4 at once
// for records already holding every phase. Nothing here throws on bad data: a
// bad snapshot is refused with a reason, a bad stored record is set aside.

import { reconcileAlerts, uniqueDrafts } from '../alerts/alert-reconcile';
import { recordCorruptDrafts } from '../rules/alert-rules';
import {
  checkIngestInput,
  checkStoreVersion,
  degradedAlertId,
  prepareAnalysis,
  settleAnalysis,
  type PreparedIngest,
  type Refusal,
} from './ingest-analysis';
import { nextConversation } from './next-conversation';
import type { StorePlan } from '../store/plan-builder';
import { readWith } from '../store/read-record';
import { AlertRecordSchema, ConversationRecordSchema, type AlertRecord } from '../store/record-schemas';
import { rosterChunkKeys } from '../store/stored-roster';
import { alertKey, contactKey, conversationKey, SCHEMA_KEY } from '../store/storage-keys';

export type { PreparedIngest } from './ingest-analysis';

export interface IngestPlan extends StorePlan {
  ok: true;
  /** Alerts opened or reopened by this snapshot (for notifications and the banner). */
  alerts: AlertRecord[];
  conversationKey: string;
}

export type IngestResult = IngestPlan | Refusal;
export type PrepareResult = { ok: true; prepared: PreparedIngest; moreKeys: string[] } | Refusal;

/** Phase 1: the schema record, the conversation, its degraded alert, and every participant's contact. */
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

/** The conversation's key, read cheaply from a snapshot that may be malformed (prepareIngest checks it in full). */
function conversationKeyOf(snapshot: unknown): string | null {
  try {
    const s = snapshot as { messenger?: unknown; account?: unknown; conversation?: { id?: unknown } | null } | null;
    const id = s?.conversation?.id;
    return typeof s?.messenger === 'string' && typeof s.account === 'string' && typeof id === 'string'
      ? conversationKey(s.messenger, s.account, id)
      : null;
  } catch {
    return null; // a hostile getter: prepareIngest refuses the snapshot
  }
}

/** Phase 2: the roster chunks the stored conversation record (read in phase 1) counts. */
export function rosterKeysToRead(snapshot: unknown, firstRead: Readonly<Record<string, unknown>>): string[] {
  const key = conversationKeyOf(snapshot);
  if (key === null) return [];
  const stored = readWith(firstRead, key, ConversationRecordSchema);
  return stored.status === 'ok' ? rosterChunkKeys(stored.value) : [];
}

/** Validates and analyses against the phase 1 and 2 records; says what else to read. */
export function prepareIngest(snapshot: unknown, firstRead: Readonly<Record<string, unknown>>, now: number): PrepareResult {
  const checked = checkIngestInput(snapshot, now);
  if (!checked.ok) return checked;
  const refusal = checkStoreVersion(firstRead);
  if (refusal) return refusal;
  const prepared = prepareAnalysis(checked.snapshot, firstRead, now);
  return { ok: true, prepared, moreKeys: prepared.moreKeys.filter((k) => !Object.hasOwn(firstRead, k)) };
}

/** Phase 3 keys alone (for callers that keep records rather than the prepared analysis). */
export function moreKeysToRead(snapshot: unknown, firstRead: Readonly<Record<string, unknown>>, now: number): string[] {
  const prepared = prepareIngest(snapshot, firstRead, now);
  return prepared.ok ? prepared.moreKeys : [];
}

/** The plan, once the phase 3 records are in. Call once per prepared analysis. */
export function finishIngest(prepared: PreparedIngest, moreRead: Readonly<Record<string, unknown>>): IngestPlan {
  const { builder, snapshot: s, now } = prepared;
  builder.addRecords(moreRead);
  const settled = settleAnalysis(prepared);
  const alerts = reconcileAlerts(settled.drafts, (id) => builder.read(alertKey(id), AlertRecordSchema), now);

  // Records found damaged in phase 2 get their own notice (nothing stored to compare with).
  const late = reconcileAlerts(uniqueDrafts(recordCorruptDrafts(s, builder.corrupt.slice(prepared.corruptReported))), () => null, now);
  for (const [id, record] of late.writes) alerts.writes.set(id, record);
  alerts.raised.push(...late.raised);

  for (const o of prepared.observations) {
    if (o.dirty) builder.write(contactKey(s.messenger, s.account, o.participant.id), o.after);
  }
  const conversation = nextConversation(prepared.stored, prepared.storedRoster, s, prepared.roster, settled.level.level, now);
  if (conversation.record) builder.write(prepared.conversationKey, conversation.record);
  for (const [key, chunk] of conversation.chunks) builder.write(key, chunk);
  for (const key of conversation.obsolete) builder.remove(key);
  for (const [id, record] of alerts.writes) builder.write(alertKey(id), record);

  return { ok: true, ...builder.finish(), alerts: alerts.raised, conversationKey: prepared.conversationKey };
}

/** Both steps at once, for `records` that already hold every read phase. */
export function planIngest(snapshot: unknown, records: Readonly<Record<string, unknown>>, now: number): IngestResult {
  const prepared = prepareIngest(snapshot, records, now);
  return prepared.ok ? finishIngest(prepared.prepared, {}) : prepared;
}
