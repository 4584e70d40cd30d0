// A conversation's stored roster, put back together from its chunks. A chunk
// that cannot be used (damaged, missing, or cut for another chunk count) does
// not spoil the others: its members are unknown, and since a member's chunk is
// fixed by their id, the ingest knows exactly whom it knows nothing about.

import type { PlanBuilder } from './plan-builder';
import { RosterChunkRecordSchema, type ConversationRecord, type RosterChunkMember, type RosterChunkRecord } from './record-schemas';
import { chunkIndexOf } from './roster-chunks';
import { assembleStored } from './assembled-roster';
import { rosterChunkKey } from './storage-keys';

export interface StoredRoster {
  /** The stored chunk count; 0 when no conversation is stored. */
  chunks: number;
  /** Every member of the chunks read, in roster order. */
  members: readonly RosterChunkMember[];
  /** Each chunk's members as stored, by index; null for a chunk that could not be read. */
  byChunk: (readonly RosterChunkMember[] | null)[];
}

export const NO_STORED_ROSTER: StoredRoster = { chunks: 0, members: [], byChunk: [] };

type Where = Pick<ConversationRecord, 'origin' | 'account' | 'conversationId' | 'rosterChunks'>;

export function rosterChunkKeys(c: Where): string[] {
  return Array.from({ length: c.rosterChunks }, (_, i) => rosterChunkKey(c.origin, c.account, c.conversationId, i));
}

export function missingReason(conversation: Where): string {
  return `missing: the conversation counts ${conversation.rosterChunks} roster chunks`;
}

/** Why a chunk, valid alone, cannot serve this conversation (it was cut for another count), or null. */
export function misfitReason(conversation: Where, chunk: RosterChunkRecord): string | null {
  return chunk.of === conversation.rosterChunks
    ? null
    : `the chunk belongs to a roster in ${chunk.of} chunks, the conversation has ${conversation.rosterChunks}`;
}

/** Whether the member with this id was in a chunk that could not be read. */
export function isUnknownMember(roster: StoredRoster, id: string): boolean {
  return roster.chunks > 0 && roster.byChunk[chunkIndexOf(id, roster.chunks)] === null;
}

export function isComplete(roster: StoredRoster): boolean {
  return roster.byChunk.every((c) => c !== null);
}

/** For ingest: reads the chunks through the plan builder, which sets aside what is damaged or misfit and reports what is missing. */
export function readStoredRoster(builder: PlanBuilder, conversation: ConversationRecord | null): StoredRoster {
  if (!conversation) return NO_STORED_ROSTER;
  const byChunk = rosterChunkKeys(conversation).map((key) => {
    const chunk = builder.read(key, RosterChunkRecordSchema); // a damaged one is set aside here
    if (chunk === null) {
      if (!builder.present(key)) builder.missing(key, missingReason(conversation));
      return null;
    }
    const misfit = misfitReason(conversation, chunk);
    if (misfit) builder.setAside(key, misfit);
    return misfit ? null : chunk.members;
  });
  return { chunks: conversation.rosterChunks, members: assembleStored(byChunk), byChunk };
}
