// A conversation with its roster, for views (popup, banner, alerts of a
// conversation): the record, then its chunks, read through a StoreRead.
// Reading never changes anything: a chunk that cannot be used is left out and
// named in `problems` (the next ingest of that conversation sets it aside and
// raises record-corrupt); the rest of the roster is still shown.

import type { StoreProblem } from './plan-builder';
import { readWith, type StoreRead } from './read-record';
import { ConversationRecordSchema, RosterChunkRecordSchema, type ConversationRecord, type RosterMember } from './record-schemas';
import { assemble } from './assembled-roster';
import { misfitReason, missingReason, rosterChunkKeys } from './stored-roster';

/** A conversation record with its roster put back together, in roster order. */
export type ConversationWithRoster = ConversationRecord & { roster: RosterMember[] };

export type ConversationRead =
  { status: 'absent' } | { status: 'corrupt'; reason: string } | { status: 'ok'; value: ConversationWithRoster; problems: StoreProblem[] };

export function readConversation(read: StoreRead, conversationKey: string): ConversationRead {
  const header = readWith(read, conversationKey, ConversationRecordSchema);
  if (header.status !== 'ok') return header;
  const problems: StoreProblem[] = [];
  const byChunk = rosterChunkKeys(header.value).map((key) => {
    const chunk = readWith(read, key, RosterChunkRecordSchema);
    if (chunk.status === 'ok') {
      const misfit = misfitReason(header.value, chunk.value);
      if (misfit === null) return chunk.value.members;
      problems.push({ key, reason: misfit });
    } else {
      problems.push({ key, reason: chunk.status === 'corrupt' ? chunk.reason : missingReason(header.value) });
    }
    return null;
  });
  return { status: 'ok', value: { ...header.value, roster: assemble(byChunk) }, problems };
}
