// The roster snapshot of one Matrix room, from what the background remembers
// of the client's responses: the room's members, what KeyWatch verified of
// each member's keys (when the client fetched them, now or before a restart),
// and the logged-in account. A roster is only built from a complete member
// list. Every joined or invited member is in it: one whose keys KeyWatch has
// not seen (not fetched yet, or their server did not answer) is listed as not
// checked, so that nobody who was there all along is later reported as having
// joined, and nothing about them reads as checked. Never throws.

import type { ParticipantView, RosterSnapshot } from '../../../core/roster';
import type { RoomMember } from './members';
import { isComplete, listUsers, type RoomState } from './observed-state';
import { problemLine, quote } from './problems';
import type { RememberedKeys } from './remembered-keys';
import { rememberedParticipant, ROSTER_MEMBERSHIPS, uncheckedParticipant, type ParticipantOptions } from './roster-view';

export interface RoomSnapshotInput {
  /** Origin of the client's page, from the browser's record of the sender. */
  origin: string;
  account: string | null;
  roomId: string;
  room: RoomState | null;
  /** What KeyWatch verified of each member's keys; a member missing here was never seen. */
  keys: ReadonlyMap<string, RememberedKeys>;
  /** Servers a /keys/query answered with in `failures`: their users' keys did not come. */
  failedServers?: ReadonlySet<string>;
  /** Responses the page received that were not read. */
  skipped: number;
  /** This browser's own login (the client's record of its device id). */
  accountDevice?: string | null;
  /** The client encrypts only to devices their owner signed (MSC4153). */
  onlySigned?: boolean;
}

export type RoomSnapshotResult =
  | {
      status: 'snapshot';
      snapshot: RosterSnapshot;
      /** Members listed as not checked: their keys were never seen. */
      unchecked: string[];
      /** Of those, the ones whose server did not answer (`failures`). */
      withheld: string[];
    }
  | { status: 'waiting'; reason: string };

/** Problem lines kept in one snapshot; the alert shows the first few anyway. */
const MAX_SNAPSHOT_PROBLEMS = 200;

/** The server part of a user id ("@user:server" → "server"). */
export function serverOf(userId: string): string {
  return userId.slice(userId.indexOf(':') + 1);
}

export function buildRoomSnapshot(input: RoomSnapshotInput): RoomSnapshotResult {
  const { account, room, roomId } = input;
  if (account === null) return waiting('the logged-in Matrix account is not known yet (the client has not said who it is)');
  if (room === null || !isComplete(room)) {
    return waiting(`the member list of ${quote(roomId)} has not been fetched by the client while KeyWatch was watching`);
  }
  const shown = room.members.filter((m) => ROSTER_MEMBERSHIPS.has(m.membership));
  const problems: string[] = [...room.problems];
  const unchecked: string[] = [];
  const withheld: string[] = [];
  const participants = shown.map((member): ParticipantView => {
    const options: ParticipantOptions = {
      isSelf: member.userId === account,
      accountDevice: input.accountDevice ?? null,
      onlySigned: input.onlySigned ?? false,
    };
    const keys = input.keys.get(member.userId);
    if (keys !== undefined) {
      problems.push(...problemsOf(keys));
      return rememberedParticipant(keys, member, options);
    }
    unchecked.push(member.userId);
    const failed = input.failedServers?.has(serverOf(member.userId)) ?? false;
    if (failed) withheld.push(member.userId);
    return uncheckedParticipant(member, notCheckedReason(member, failed), options);
  });
  if (withheld.length > 0) {
    const servers = [...new Set(withheld.map(serverOf))];
    problems.push(
      `the keys of ${withheld.length} member(s) (${listUsers(withheld)}) were not served: their server(s) ${listUsers(servers)} did not answer the client's key request; they are not checked`,
    );
  }
  const direct = shown.length <= 2;
  const other = direct ? shown.find((m) => m.userId !== account) : undefined;
  return {
    status: 'snapshot',
    unchecked,
    withheld,
    snapshot: {
      messenger: input.origin,
      adapter: 'matrix',
      account,
      ...(input.accountDevice ? { accountDevice: input.accountDevice } : {}),
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

/**
 * The faults that no alert of their own reports: below a sound master key (a
 * missing or unsigned self-signing key), keys too large to check, and faults
 * of the response as a whole. A missing or unusable identity has its own alert
 * (invalid-identity, identity-absent), and so has each device (its verdict).
 */
function problemsOf(keys: RememberedKeys): string[] {
  const identity = keys.masterKey !== null || keys.oversized !== null ? keys.identityProblems : [];
  return [...identity, ...keys.problems];
}

function notCheckedReason(member: RoomMember, failed: boolean): string {
  return problemLine(
    quote(member.userId),
    failed
      ? 'not checked: their server did not answer the client’s key request'
      : 'not checked yet: the client has not fetched their keys while KeyWatch was watching',
  );
}
