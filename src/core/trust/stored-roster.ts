// A conversation's stored roster, put back together from its chunks. A chunk
// that cannot be used (damaged, missing, or cut for another chunk count) does
// not spoil the others: its members are unknown, and since a member's chunk is
// fixed by their id, the ingest knows exactly whom it knows nothing about.

import type { PlanBuilder } from './plan-builder';
import type { ReadResult } from './read-record';
import { RosterChunkRecordSchema, type ConversationRecord, type RosterChunkMember, type RosterChunkRecord } from './record-schemas';
import { chunkIndexOf } from './roster-chunks';
import { rosterChunkKey } from './storage-keys';

export interface StoredRoster {
  /** The stored chunk count; 0 when no conversation is stored. */
  chunks: number;
  /** Every member of the chunks read, in roster order. */
  members: RosterChunkMember[];
  /** Each chunk's members as stored, by index; null for a chunk that could not be read. */
  byChunk: (readonly RosterChunkMember[] | null)[];
}

export const NO_STORED_ROSTER: StoredRoster = { chunks: 0, members: [], byChunk: [] };

type Where = Pick<ConversationRecord, 'origin' | 'account' | 'conversationId' | 'rosterChunks'>;

export function rosterChunkKeys(c: Where): string[] {
  return Array.from({ length: c.rosterChunks }, (_, i) => rosterChunkKey(c.origin, c.account, c.conversationId, i));
}

export type ChunkUse = { ok: true; members: readonly RosterChunkMember[] } | { ok: false; present: boolean; reason: string };

/** What chunk `index` of `conversation` contributes, given how reading it went. */
export function useChunk(conversation: Where, read: ReadResult<RosterChunkRecord>): ChunkUse {
  if (read.status === 'absent') return { ok: false, present: false, reason: `missing: the conversation counts ${conversation.rosterChunks} roster chunks` };
  if (read.status === 'corrupt') return { ok: false, present: true, reason: read.reason };
  if (read.value.of !== conversation.rosterChunks) {
    return { ok: false, present: true, reason: `the chunk belongs to a roster in ${read.value.of} chunks, the conversation has ${conversation.rosterChunks}` };
  }
  return { ok: true, members: read.value.members };
}

/** Members of every readable chunk, in roster order (positions are unique across a sound roster). */
export function assemble(byChunk: readonly (readonly RosterChunkMember[] | null)[]): RosterChunkMember[] {
  const members: RosterChunkMember[] = [];
  for (const chunk of byChunk) if (chunk) members.push(...chunk);
  return members.sort((a, b) => a.position - b.position);
}

/** Whether the member with this id was in a chunk that could not be read. */
export function isUnknownMember(roster: StoredRoster, id: string): boolean {
  return roster.chunks > 0 && roster.byChunk[chunkIndexOf(id, roster.chunks)] === null;
}

export function isComplete(roster: StoredRoster): boolean {
  return roster.byChunk.every((c) => c !== null);
}

/** For ingest: reads the chunks through the plan builder, which sets aside what is damaged and reports what is missing. */
export function readStoredRoster(builder: PlanBuilder, conversation: ConversationRecord | null): StoredRoster {
  if (!conversation) return NO_STORED_ROSTER;
  const byChunk = rosterChunkKeys(conversation).map((key) => {
    const value = builder.read(key, RosterChunkRecordSchema);
    const use = useChunk(conversation, value ? { status: 'ok', value } : builder.present(key) ? { status: 'corrupt', reason: '' } : { status: 'absent' });
    if (use.ok) return use.members;
    if (!use.present) builder.missing(key, use.reason);
    else if (value) builder.setAside(key, use.reason); // valid alone, but cut for another chunk count
    return null;
  });
  return { chunks: conversation.rosterChunks, members: assemble(byChunk), byChunk };
}
