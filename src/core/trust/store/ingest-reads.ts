// What an ingest of a snapshot reads first, read ahead of it: the conversation
// record, its roster chunks, the contact of every participant and of everyone
// on the stored roster, and the usage records its limit check reads. A background
// whose copy of the store is empty (just woken) loads them in two storage
// reads, instead of learning them one plan run at a time (each run of a plan
// that lacks records still plans everything, with those records absent).

import type { RosterSnapshot } from '../../roster';
import { SNAPSHOT_LIMITS } from '../ingest/snapshot-check';
import { USAGE_TOTAL_KEY, usageKey } from '../limits/usage';
import { readWith, type StoreRead } from './read-record';
import { ConversationRecordSchema } from './record-schemas';
import { contactKeysOf, conversationKey } from './storage-keys';
import { rosterChunkKeys } from './stored-roster';

/**
 * Reads, through `read`, the records planIngest will read first for this
 * snapshot (not checked yet: planIngest refuses what it must; this only reads,
 * and never more than the participants a snapshot may have). Only ids are
 * read, so a report can be read ahead of while its keys are still being checked.
 */
export function readAheadOfIngest(
  read: StoreRead,
  snapshot: Pick<RosterSnapshot, 'messenger' | 'account'> & {
    conversation: Pick<RosterSnapshot['conversation'], 'id'>;
    participants: ReadonlyArray<{ readonly id: string }>;
  },
): void {
  const { messenger: origin, account } = snapshot;
  if (typeof origin !== 'string' || typeof account !== 'string' || typeof snapshot.conversation?.id !== 'string') return;
  if (!Array.isArray(snapshot.participants) || snapshot.participants.length > SNAPSHOT_LIMITS.maxParticipants) return;
  read(usageKey(origin));
  read(USAGE_TOTAL_KEY);
  // The common part of every contact key escaped once, as the ingest names them: a woken worker reads ahead of a
  // report of 1,000 people twice (as it arrives, and as its ingest starts), with its code not yet compiled.
  const contactKey = contactKeysOf(origin, account);
  const conversation = readWith(read, conversationKey(origin, account, snapshot.conversation.id), ConversationRecordSchema);
  // The stored roster's members too: the contacts of those who left are read for their former trust. Each chunk is
  // read as it is, not checked: only its members' ids are wanted, so that the plan's own read of it is its first (a
  // record read again is copied: read-record.ts). No more than a snapshot's participants are read ahead this way.
  if (conversation.status === 'ok') {
    let left = SNAPSHOT_LIMITS.maxParticipants;
    for (const key of rosterChunkKeys(conversation.value)) {
      const members = membersOf(read(key));
      for (let i = 0; i < members.length && left > 0; i++) {
        const id = (members[i] as { id?: unknown } | null)?.id;
        if (typeof id === 'string') {
          read(contactKey(id));
          left--;
        }
      }
    }
  }
  for (const participant of snapshot.participants) if (typeof participant?.id === 'string') read(contactKey(participant.id));
}

/** The members list of a stored chunk as found (unchecked), or none. */
function membersOf(chunk: unknown): readonly unknown[] {
  const members = typeof chunk === 'object' && chunk !== null ? (chunk as { members?: unknown }).members : undefined;
  return Array.isArray(members) ? members : [];
}
