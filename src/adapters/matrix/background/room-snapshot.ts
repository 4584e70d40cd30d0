// The roster snapshot of one Matrix room, from what the background remembers
// of the client's responses: the room's members, each member's latest keys
// (verified here, by KeyWatch), and the logged-in account. A roster is only
// built from a complete member list, and the first one only once every member's
// keys are known, so that nobody who was there all along is later reported as
// having joined. Never throws.

import type { ParticipantView, RosterSnapshot } from '../../../core/roster';
import { verifyQueriedUsers, type VerifiedUserKeys } from './cross-signing';
import type { RoomMember } from './members';
import { isComplete, listUsers, type RoomState, type UserKeys } from './observed-state';
import { problemLine, quote } from './problems';
import { ROSTER_MEMBERSHIPS, toParticipantView } from './roster-view';

export interface RoomSnapshotInput {
  /** Origin of the client's page, from the browser's record of the sender. */
  origin: string;
  account: string | null;
  roomId: string;
  room: RoomState | null;
  /** The latest keys of each member that has been seen; a member missing here was never queried. */
  keys: ReadonlyMap<string, UserKeys>;
  /** Responses the page received that were not read. */
  skipped: number;
}

export type RoomSnapshotResult =
  | { status: 'snapshot'; snapshot: RosterSnapshot; /** Members left out until their keys are seen. */ missingKeys: string[] }
  | { status: 'waiting'; reason: string };

/** Problem lines kept in one snapshot; the alert shows the first few anyway. */
const MAX_SNAPSHOT_PROBLEMS = 200;

export function buildRoomSnapshot(input: RoomSnapshotInput): RoomSnapshotResult {
  const { account, room, roomId } = input;
  if (account === null) return waiting('the logged-in Matrix account is not known yet (the client has not said who it is)');
  if (room === null || !isComplete(room)) {
    return waiting(`the member list of ${quote(roomId)} has not been fetched by the client while KeyWatch was watching`);
  }
  const shown = room.members.filter((m) => ROSTER_MEMBERSHIPS.has(m.membership));
  const missingKeys = shown.filter((m) => !input.keys.has(m.userId)).map((m) => m.userId);
  if (!room.ingested && missingKeys.length > 0) {
    return waiting(`waiting for the client to fetch the keys of ${missingKeys.length} member(s): ${listUsers(missingKeys)}`);
  }
  const members = shown.filter((m) => input.keys.has(m.userId));
  const problems: string[] = [...room.problems];
  const results = verifyMembers(input.keys, members);
  const participants = members.map((member, i) => {
    const part = input.keys.get(member.userId);
    if (typeof part === 'object') return oversized(member, part.oversized, account, problems);
    return participant(member, results[i]!, account, problems);
  });
  const direct = shown.length <= 2;
  const other = direct ? shown.find((m) => m.userId !== account) : undefined;
  return {
    status: 'snapshot',
    missingKeys,
    snapshot: {
      messenger: input.origin,
      adapter: 'matrix',
      account,
      conversation: {
        id: roomId,
        title: room.name ?? room.alias ?? other?.displayName ?? other?.userId ?? roomId,
        kind: direct ? 'direct' : 'group',
      },
      participants,
      problems: problems.slice(0, MAX_SNAPSHOT_PROBLEMS),
      // Each snapshot after unread responses is one more occurrence of the room's problem alert.
      ...(input.skipped > 0 ? { unread: { responses: input.skipped } } : {}),
    },
  };
}

const waiting = (reason: string): RoomSnapshotResult => ({ status: 'waiting', reason });

/** Verifies every member's keys from one response assembled from their stored parts. */
function verifyMembers(keys: ReadonlyMap<string, UserKeys>, members: readonly RoomMember[]): VerifiedUserKeys[] {
  const response: Record<(typeof KEY_MAPS)[number], Record<string, unknown>> = { device_keys: {}, master_keys: {}, self_signing_keys: {} };
  for (const { userId } of members) {
    const part = keys.get(userId);
    const parsed = typeof part === 'string' ? parseObject(part) : null;
    if (!parsed) continue;
    for (const map of KEY_MAPS) {
      const entry = parsed[map];
      // User ids start with "@": a plain assignment cannot reach a prototype.
      if (typeof entry === 'object' && entry !== null && Object.hasOwn(entry, userId)) {
        response[map][userId] = (entry as Record<string, unknown>)[userId];
      }
    }
  }
  return verifyQueriedUsers(
    response,
    members.map((m) => m.userId),
  );
}

const KEY_MAPS = ['device_keys', 'master_keys', 'self_signing_keys'] as const;

function participant(member: RoomMember, keys: VerifiedUserKeys, account: string, problems: string[]): ParticipantView {
  const view = toParticipantView(keys, member, { isSelf: member.userId === account });
  // A device never signed by its owner is reported by its own alert (possible ghost); its
  // "not cross-signed" line would only repeat it as a second, vaguer alert.
  const unsigned = new Set(keys.devices.filter((d) => d.vouch === 'unsigned').flatMap((d) => d.problems));
  problems.push(...keys.problems.filter((line) => !unsigned.has(line)));
  return view;
}

/** A member whose keys were too large to keep: no identity, and the reason. */
function oversized(member: RoomMember, bytes: number, account: string, problems: string[]): ParticipantView {
  const problem = problemLine(
    quote(member.userId),
    `the keys served for this user take ${bytes} bytes, more than KeyWatch keeps; not verified`,
  );
  problems.push(problem);
  return {
    id: member.userId,
    name: member.displayName ?? member.userId,
    identityKey: null,
    identityProblem: problem,
    shown: true,
    isSelf: member.userId === account,
    devices: [],
  };
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
