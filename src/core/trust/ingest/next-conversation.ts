// The conversation after a snapshot: its record (title, level, problems, chunk
// count) and its roster chunks, each written only when worth it: a chunk when
// its members changed (or it could not be read), the record when anything but
// lastSeen changed or lastSeen is stale. A new chunk count rewrites every chunk
// and removes those beyond it.

import type { RosterSnapshot } from '../../roster';
import { storedProblemLines } from '../rules/snapshot-problem';
import { LAST_SEEN_RESOLUTION_MS } from '../store/last-seen';
import type { ConversationLevel, ConversationRecord, RosterChunkMember, RosterChunkRecord } from '../store/record-schemas';
import { chunkCountFor, chunkIndexOf } from '../store/roster-chunks';
import { positionsAfter } from '../store/roster-positions';
import type { StoredRoster } from '../store/stored-roster';
import { rosterChunkKey } from '../store/storage-keys';
import type { RosterEntry } from '../rules/facts';
import { sameMember, toRosterMember, type RosterDiff } from './roster-diff';

export interface NextConversation {
  /** The conversation record, when it is worth writing. */
  record: ConversationRecord | null;
  /** Roster chunks to write, by key. */
  chunks: Map<string, RosterChunkRecord>;
  /** Chunks a smaller count no longer uses: remove after the writes. */
  obsolete: string[];
}

/** The stored roster as the roster diff found it: each participant's previous member, and whether it is the same. */
interface Previous {
  members: readonly RosterChunkMember[];
  index: Int32Array;
  same: Uint8Array;
  positions: readonly (number | undefined)[];
}

export function nextConversation(
  stored: ConversationRecord | null,
  storedRoster: StoredRoster,
  snapshot: RosterSnapshot,
  roster: readonly RosterEntry[],
  level: ConversationLevel,
  now: number,
  diff: Pick<RosterDiff, 'previousIndex' | 'sameAsBefore'>,
): NextConversation {
  const { conversation: c } = snapshot;
  const where = { origin: snapshot.messenger, account: snapshot.account, conversationId: c.id };
  const count = chunkCountFor(roster.length, stored?.rosterChunks ?? null);
  const record: ConversationRecord = {
    ...where,
    title: c.title,
    kind: c.kind,
    firstSeen: stored?.firstSeen ?? now,
    lastSeen: Math.max(stored?.lastSeen ?? now, now),
    rosterChunks: count,
    problems: storedProblemLines(snapshot.problems),
    level,
    levelSince: stored && stored.level === level ? stored.levelSince : now,
  };

  // Each member's old position, found through the roster diff's places (no map of the roster built again).
  const members = storedRoster.members;
  const old = new Array<number | undefined>(roster.length);
  for (let i = 0; i < roster.length; i++) {
    const at = i < diff.previousIndex.length ? diff.previousIndex[i]! : -1;
    old[i] = at < 0 ? undefined : members[at]!.position;
  }
  const positions = positionsAfter(old);
  const previous: Previous = { members, index: diff.previousIndex, same: diff.sameAsBefore, positions: old };
  // Each chunk as roster indexes, in roster order: members are copied only into the chunks written.
  const groups: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < roster.length; i++) groups[chunkIndexOf(roster[i]!.id, count)]!.push(i);

  const relaid = stored === null || stored.rosterChunks !== count;
  const chunks = new Map<string, RosterChunkRecord>();
  for (let index = 0; index < count; index++) {
    const indexes = groups[index]!;
    const before = relaid ? null : (storedRoster.byChunk[index] ?? null);
    if (before !== null && sameChunk(before, indexes, positions, roster, previous)) continue;
    const members: RosterChunkMember[] = indexes.map((i) => ({ ...toRosterMember(roster[i]!), position: positions[i]! }));
    chunks.set(rosterChunkKey(where.origin, where.account, where.conversationId, index), { ...where, index, of: count, members });
  }
  const obsolete: string[] = [];
  for (let index = count; stored !== null && index < stored.rosterChunks; index++) {
    obsolete.push(rosterChunkKey(where.origin, where.account, where.conversationId, index));
  }

  const material =
    stored === null ||
    stored.title !== c.title ||
    stored.kind !== c.kind ||
    stored.level !== level ||
    stored.rosterChunks !== count ||
    !sameList(stored.problems, record.problems, (a, b) => a === b);
  const stale = stored !== null && now - stored.lastSeen >= LAST_SEEN_RESOLUTION_MS;
  return { record: material || stale ? record : null, chunks, obsolete };
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]!));
}

/**
 * Whether a stored chunk holds exactly these roster members, at these positions. A stored member that is the
 * participant's previous one was compared by the roster diff already (in roster order, not chunk by chunk); any
 * other is compared here. Loops, not closures: this runs for every member.
 */
function sameChunk(
  before: readonly RosterChunkMember[],
  indexes: readonly number[],
  positions: readonly number[],
  roster: readonly RosterEntry[],
  previous: Previous,
): boolean {
  if (before.length !== indexes.length) return false;
  for (let j = 0; j < indexes.length; j++) {
    const i = indexes[j]!;
    const at = i < previous.index.length ? previous.index[i]! : -1;
    if (at >= 0 && previous.members[at] === before[j]) {
      if (previous.same[i] !== 1 || positions[i] !== previous.positions[i]) return false;
    } else if (before[j]!.position !== positions[i] || !sameMember(before[j]!, roster[i]!)) return false;
  }
  return true;
}
