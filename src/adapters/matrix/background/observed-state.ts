// What the background remembers of a Matrix client between responses, as pure
// data and pure updates: each user's latest keys (their own part of the last
// /keys/query that named them) and each room's members, name and counts.
// A /keys/query names only the users the client asked about, and a /sync lists
// only changes, so both are merged into what was seen before.

import * as v from 'valibot';
import { isPlainObject } from '../shared/json';
import { ownMember } from '../shared/keys-query-schema';
import { MAX_USERS_PER_RESPONSE } from '../shared/limits';
import { MEMBERSHIPS, parseSyncRoomMembers, type MembersResult, type RoomMember } from './members';
import { isRoomAlias, isRoomId } from '../shared/observation';
import { problemLine, quote } from './problems';
import { isMatrixUserId } from '../shared/user-id';
import { MAX_SYNC_ROOMS, MORE_UNREAD_ROOMS, ROOM_STATE_PARTS, UNREAD_ROOMS } from '../shared/sync-sections';
import { keyMapsWithoutUnsigned } from '../shared/unsigned';
import { chargedBytes } from './session-bytes';

/** Largest keys part kept for one user, in bytes as storage.session charges them (256 devices of about 1 KiB each, with room to spare). */
export const MAX_USER_KEYS_BYTES = 512 * 1024;
/** Problem lines kept with a room. */
export const MAX_ROOM_PROBLEMS = 20;
/** Rooms read from one /sync response. */
const MAX_NAME_LENGTH = 256;
const MAX_COUNT = 10_000_000;

/** A user's part of a /keys/query response as JSON text, or the size of one too large to keep. */
export type UserKeys = string | { oversized: number };

export interface RoomState {
  /** One entry per user, the latest membership winning. */
  members: RoomMember[];
  /** A listing that names every current member was seen (/members, /joined_members). */
  listed: boolean;
  /** The server's member counts from /sync's room summary, when it sent them. */
  counts: { joined: number | null; invited: number | null };
  name: string | null;
  alias: string | null;
  /** Faults in the last response that touched the room. */
  problems: string[];
  /** A roster of this room was taken into the trust store once. */
  ingested: boolean;
}

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const count = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_COUNT)));

/** How a stored room state is read back: anything else is treated as never seen. */
export const RoomStateSchema = v.object({
  members: v.array(
    v.object({
      userId: text(255),
      displayName: v.nullable(text(MAX_NAME_LENGTH)),
      membership: v.picklist(MEMBERSHIPS),
      fromSync: v.optional(v.literal(true)),
    }),
  ),
  listed: v.boolean(),
  counts: v.object({ joined: count, invited: count }),
  name: v.nullable(text(MAX_NAME_LENGTH)),
  alias: v.nullable(text(255)),
  problems: v.pipe(v.array(text(2048)), v.maxLength(MAX_ROOM_PROBLEMS)),
  ingested: v.boolean(),
});

// A text's characters never outnumber its bytes, so the character bound is a safe first check.
export const UserKeysSchema = v.union([text(MAX_USER_KEYS_BYTES), v.object({ oversized: v.number() })]);

export function emptyRoom(): RoomState {
  return { members: [], listed: false, counts: { joined: null, invited: null }, name: null, alias: null, problems: [], ingested: false };
}

/**
 * Whether every current member is known: a full listing was seen, or the
 * members known match the counts the server gave in its room summary.
 */
export function isComplete(room: RoomState): boolean {
  if (room.listed) return true;
  const { joined, invited } = room.counts;
  if (joined === null) return false;
  const known = (m: RoomMember['membership']) => room.members.filter((x) => x.membership === m).length;
  return known('join') === joined && known('invite') === (invited ?? 0);
}

const KEY_MAPS = ['device_keys', 'master_keys', 'self_signing_keys'] as const;

/**
 * Each user's part of a /keys/query response, without `unsigned`, as JSON text (or its size in bytes, when too large);
 * `unread`: the users it names past MAX_USERS_PER_RESPONSE, whose parts were not read.
 */
export function usersOfKeysQuery(body: unknown): { users: Map<string, UserKeys>; problems: string[]; unread: string[] } {
  const users = new Map<string, UserKeys>();
  const problems: string[] = [];
  if (!isPlainObject(body)) return { users, problems: [problemLine('/keys/query', 'the response is not a JSON object')], unread: [] };
  const maps = KEY_MAPS.map((name) => [name, ownMember(body, name)] as const).filter(([, map]) => isPlainObject(map)) as Array<
    [(typeof KEY_MAPS)[number], Record<string, unknown>]
  >;
  const ids = [...new Set(maps.flatMap(([, map]) => Object.keys(map)))];
  const valid = ids.filter(isMatrixUserId);
  if (valid.length < ids.length)
    problems.push(problemLine('/keys/query', `${ids.length - valid.length} entries not keyed by a user id were ignored`));
  if (valid.length > MAX_USERS_PER_RESPONSE) {
    problems.push(problemLine('/keys/query', `${valid.length} users listed; only the first ${MAX_USERS_PER_RESPONSE} were read`));
  }
  for (const userId of valid.slice(0, MAX_USERS_PER_RESPONSE)) {
    const part: Record<string, Record<string, unknown>> = {};
    // User ids start with "@", so these plain assignments cannot touch a prototype.
    for (const [name, map] of maps) if (Object.hasOwn(map, userId)) part[name] = { [userId]: map[userId] };
    const json = JSON.stringify(keyMapsWithoutUnsigned(part));
    const bytes = chargedBytes(json);
    users.set(userId, bytes <= MAX_USER_KEYS_BYTES ? json : { oversized: bytes });
  }
  return { users, problems, unread: valid.slice(MAX_USERS_PER_RESPONSE) };
}

/**
 * A /members or /joined_members result applied to a room: a complete listing replaces, a filtered one merges.
 * A listing as of an earlier sync token (`at=`) can reach the page after the /sync that brought a later join or
 * leave (the client asks for it as it starts, while it catches up): what /sync said of a member stays over it.
 * Every /sync since that token was seen here too, so a member's last /sync event is the newest word on them.
 */
export function applyListing(room: RoomState | null, result: MembersResult, complete: boolean, asOfEarlierSync = false): RoomState {
  const before = room ?? emptyRoom();
  const listed = complete ? result.members : mergeMembers(before.members, result.members);
  const members = asOfEarlierSync
    ? mergeMembers(
        listed,
        before.members.filter((m) => m.fromSync),
      )
    : listed;
  return { ...before, members, listed: before.listed || complete, problems: result.problems.slice(0, MAX_ROOM_PROBLEMS) };
}

export interface SyncRoomUpdate {
  roomId: string;
  members: MembersResult;
  joined?: number;
  invited?: number;
  /** undefined: unchanged; null: removed. */
  name?: string | null;
  alias?: string | null;
}

/**
 * The rooms a /sync response held and KeyWatch did not read: past the bound here, or as the content script said;
 * '*' when there were more than it could name.
 */
export function unreadSyncRooms(body: unknown): string[] {
  const rooms = isPlainObject(body) ? ownMember(body, 'rooms') : undefined;
  const unread: string[] = [];
  if (isPlainObject(rooms)) unread.push(...syncRoomIds(rooms).slice(MAX_SYNC_ROOMS));
  const named = isPlainObject(body) ? ownMember(body, UNREAD_ROOMS) : undefined;
  if (Array.isArray(named))
    unread.push(...named.slice(0, MAX_SYNC_ROOMS).filter((id): id is string => typeof id === 'string' && isRoomId(id)));
  if (isPlainObject(body) && ownMember(body, MORE_UNREAD_ROOMS) === true) unread.push('*');
  return unread;
}

function syncRoomIds(rooms: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  for (const section of ['join', 'leave', 'invite', 'knock']) {
    const byRoom = ownMember(rooms, section);
    if (isPlainObject(byRoom)) for (const id of Object.keys(byRoom)) if (isRoomId(id)) ids.add(id);
  }
  return [...ids];
}

/** The rooms a /sync response changes, and how. */
export function syncUpdates(body: unknown): SyncRoomUpdate[] {
  const rooms = isPlainObject(body) ? ownMember(body, 'rooms') : undefined;
  if (!isPlainObject(rooms)) return [];
  return syncRoomIds(rooms)
    .slice(0, MAX_SYNC_ROOMS)
    .map((roomId) => {
      const update: SyncRoomUpdate = { roomId, members: parseSyncRoomMembers(body, roomId) };
      const joinedRoom = at(ownMember(rooms, 'join'), roomId);
      const summary = isPlainObject(joinedRoom) ? ownMember(joinedRoom, 'summary') : undefined;
      if (isPlainObject(summary)) {
        const joined = countOf(ownMember(summary, 'm.joined_member_count'));
        const invited = countOf(ownMember(summary, 'm.invited_member_count'));
        if (joined !== null) update.joined = joined;
        if (invited !== null) update.invited = invited;
      }
      const name = latestState(rooms, roomId, 'm.room.name');
      if (name !== undefined) update.name = typeof name.name === 'string' && name.name !== '' ? name.name.slice(0, MAX_NAME_LENGTH) : null;
      const alias = latestState(rooms, roomId, 'm.room.canonical_alias');
      if (alias !== undefined) update.alias = isRoomAlias(alias.alias) ? alias.alias : null;
      return update;
    });
}

export function applySyncUpdate(room: RoomState | null, update: SyncRoomUpdate): RoomState {
  const before = room ?? emptyRoom();
  return {
    ...before,
    members: mergeMembers(
      before.members,
      update.members.members.map((m) => ({ ...m, fromSync: true as const })),
    ),
    counts: { joined: update.joined ?? before.counts.joined, invited: update.invited ?? before.counts.invited },
    name: update.name === undefined ? before.name : update.name,
    alias: update.alias === undefined ? before.alias : update.alias,
    problems: update.members.problems.slice(0, MAX_ROOM_PROBLEMS),
  };
}

function mergeMembers(before: readonly RoomMember[], changes: readonly RoomMember[]): RoomMember[] {
  const byId = new Map(before.map((m) => [m.userId, m]));
  for (const change of changes) byId.set(change.userId, change);
  return [...byId.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/** A member of a JSON object, or undefined when `value` is not one. */
function at(value: unknown, key: string): unknown {
  return isPlainObject(value) ? ownMember(value, key) : undefined;
}

function countOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNT ? value : null;
}

/** The content of the latest state event of `type` (empty state key) for a joined or left room. */
function latestState(rooms: Record<string, unknown>, roomId: string, type: string): Record<string, unknown> | undefined {
  let latest: Record<string, unknown> | undefined;
  for (const section of ['join', 'leave']) {
    const room = at(ownMember(rooms, section), roomId);
    if (!isPlainObject(room)) continue;
    for (const part of ROOM_STATE_PARTS) {
      const holder = ownMember(room, part);
      const events = isPlainObject(holder) ? ownMember(holder, 'events') : undefined;
      if (!Array.isArray(events)) continue;
      for (const event of events.slice(0, 50_000)) {
        if (!isPlainObject(event) || ownMember(event, 'type') !== type || ownMember(event, 'state_key') !== '') continue;
        const content = ownMember(event, 'content');
        latest = isPlainObject(content) ? content : {};
      }
    }
  }
  return latest;
}

/** A quoted, bounded list of user ids for a message. */
export function listUsers(userIds: readonly string[], shown = 3): string {
  const head = userIds.slice(0, shown).map(quote).join(', ');
  return userIds.length > shown ? `${head} and ${userIds.length - shown} more` : head;
}
