// Version 1 of the store kept each conversation's whole roster inside its
// record, which had to be rewritten whenever anyone's devices changed: about
// 450 KB for a 1,000-person group. Version 2 keeps the record (without the
// roster) under the same key and the roster in chunks. This file knows the old
// conversation shape and splits one into version 2 records.

import * as v from 'valibot';
import { readValue, validateRecordAt, type OwnedRecord, type ReadResult } from '../read-record';
import {
  ConversationRecordSchema,
  RosterMemberSchema,
  type ConversationRecord,
  type RosterChunkMember,
  type RosterChunkRecord,
} from '../record-schemas';
import { chunkCountFor, chunkIndexOf } from '../roster-chunks';
import { freshPositions } from '../roster-positions';
import { parseStorageKey, rosterChunkKey } from '../storage-keys';

export const V1ConversationRecordSchema = v.object({
  ...v.omit(ConversationRecordSchema, ['rosterChunks']).entries,
  roster: v.array(RosterMemberSchema, 'expected a roster'),
});

export type V1ConversationRecord = v.InferOutput<typeof V1ConversationRecordSchema>;

/** Validates a record as version 1 stored it (only conversations differ from version 2). */
export function validateV1RecordAt(key: string, value: unknown): ReadResult<OwnedRecord | V1ConversationRecord> | { status: 'not-owned' } {
  if (parseStorageKey(key).kind === 'conversation') return readValue(key, value, V1ConversationRecordSchema);
  return validateRecordAt(key, value);
}

export type SplitConversation =
  { ok: true; record: ConversationRecord; chunks: Map<string, RosterChunkRecord> } | { ok: false; reason: string };

/** The version 2 record and chunks of a version 1 conversation: the same members, in the same order. */
export function splitV1Conversation(old: V1ConversationRecord): SplitConversation {
  const ids = new Set<string>();
  for (const m of old.roster) {
    if (ids.has(m.id)) return { ok: false, reason: `the roster lists ${JSON.stringify(m.id.slice(0, 100))} twice` };
    ids.add(m.id);
  }
  const { roster, ...rest } = old;
  const count = chunkCountFor(roster.length, null);
  const where = { origin: old.origin, account: old.account, conversationId: old.conversationId };
  const positions = freshPositions(roster.length);
  const groups: RosterChunkMember[][] = Array.from({ length: count }, () => []);
  roster.forEach((m, i) => groups[chunkIndexOf(m.id, count)]!.push({ ...m, position: positions[i]! }));
  const chunks = new Map<string, RosterChunkRecord>();
  groups.forEach((members, index) =>
    chunks.set(rosterChunkKey(where.origin, where.account, where.conversationId, index), { ...where, index, of: count, members }),
  );
  return { ok: true, record: { ...rest, rosterChunks: count }, chunks };
}
