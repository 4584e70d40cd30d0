// Where the background keeps a Matrix client's observed state in
// storage.session, and how it stays bounded. One key per user's keys and per
// room, so an update writes only what it changed; one small index per origin
// lists them least recently updated first, so the oldest go first when a
// budget is passed (Chrome gives storage.session 10 MB in all).

import * as v from 'valibot';
import { isRoomAlias, isRoomId } from '../shared/observation';
import { isMatrixUserId } from '../shared/user-id';
import { RoomStateSchema, UserKeysSchema, type RoomState, type UserKeys } from './observed-state';

export const SESSION_LIMITS = {
  userChars: 4 * 1024 * 1024,
  users: 5000,
  roomChars: 2 * 1024 * 1024,
  rooms: 300,
  aliases: 500,
} as const;

export const MATRIX_SESSION_PREFIX = 'matrix/';
export const metaKey = (origin: string) => `${MATRIX_SESSION_PREFIX}${origin}/meta`;
export const userKey = (origin: string, userId: string) => `${MATRIX_SESSION_PREFIX}${origin}/user/${userId}`;
export const roomKey = (origin: string, roomId: string) => `${MATRIX_SESSION_PREFIX}${origin}/room/${roomId}`;

const sized = v.array(v.tuple([v.string(), v.pipe(v.number(), v.minValue(0))]));
export const MetaSchema = v.object({
  whoami: v.nullable(v.pipe(v.string(), v.maxLength(255))),
  /** [user id, characters], least recently updated first. */
  users: sized,
  /** [room id, characters], least recently updated first. */
  rooms: sized,
  /** [alias, room id], least recently learnt first. */
  aliases: v.array(v.tuple([v.string(), v.string()])),
});
export type MatrixMeta = v.InferOutput<typeof MetaSchema>;

export function emptyMeta(): MatrixMeta {
  return { whoami: null, users: [], rooms: [], aliases: [] };
}

/** Stored values read back; anything damaged reads as never seen. */
export function readMeta(raw: unknown): MatrixMeta {
  const parsed = v.safeParse(MetaSchema, raw);
  return parsed.success ? parsed.output : emptyMeta();
}
export function readRoom(raw: unknown): RoomState | null {
  const parsed = v.safeParse(RoomStateSchema, raw);
  return parsed.success ? parsed.output : null;
}
export function readUserKeys(raw: unknown): UserKeys | null {
  const parsed = v.safeParse(UserKeysSchema, raw);
  return parsed.success ? parsed.output : null;
}

export interface SessionChange {
  users: ReadonlyMap<string, UserKeys>;
  rooms: ReadonlyMap<string, RoomState>;
  aliases: ReadonlyMap<string, string>;
  whoami: string | null;
}

export interface SessionPlan {
  writes: Record<string, unknown>;
  deletes: string[];
}

/** The writes and evictions that store `change` for `origin` within the budgets. */
export function planSessionWrite(origin: string, meta: MatrixMeta, change: SessionChange): SessionPlan {
  const writes: Record<string, unknown> = {};
  const deletes: string[] = [];
  for (const [userId, keys] of change.users) writes[userKey(origin, userId)] = keys;
  for (const [roomId, room] of change.rooms) writes[roomKey(origin, roomId)] = room;

  const users = touch(
    meta.users,
    [...change.users].map(([id, keys]) => [id, typeof keys === 'string' ? keys.length : 0]),
  );
  const rooms = touch(
    meta.rooms,
    [...change.rooms].map(([id, room]) => [id, JSON.stringify(room).length]),
  );
  for (const id of evict(users, SESSION_LIMITS.users, SESSION_LIMITS.userChars)) deletes.push(userKey(origin, id));
  for (const id of evict(rooms, SESSION_LIMITS.rooms, SESSION_LIMITS.roomChars)) deletes.push(roomKey(origin, id));

  const aliases = new Map(meta.aliases);
  for (const [alias, roomId] of change.aliases) {
    aliases.delete(alias);
    aliases.set(alias, roomId);
  }
  const keptAliases = [...aliases].slice(-SESSION_LIMITS.aliases);
  const next: MatrixMeta = { whoami: change.whoami ?? meta.whoami, users, rooms, aliases: keptAliases };
  writes[metaKey(origin)] = next;
  for (const key of deletes) delete writes[key];
  return { writes, deletes };
}

/** Moves the updated entries to the end (most recent), with their new sizes. */
function touch(list: ReadonlyArray<readonly [string, number]>, updated: Array<[string, number]>): Array<[string, number]> {
  const ids = new Set(updated.map(([id]) => id));
  return [...list.filter(([id]) => !ids.has(id)).map(([id, n]): [string, number] => [id, n]), ...updated];
}

/** Removes the oldest entries until both bounds hold; returns their ids. Mutates `list`. */
function evict(list: Array<[string, number]>, maxCount: number, maxChars: number): string[] {
  let total = list.reduce((n, [, chars]) => n + chars, 0);
  const gone: string[] = [];
  while (list.length > 0 && (list.length > maxCount || total > maxChars)) {
    const [id, chars] = list.shift()!;
    total -= chars;
    gone.push(id);
  }
  return gone;
}

/** The open room as a room id: as the address gives it, or through an alias learnt from the room's state. */
export function resolveOpenRoom(openRoom: string | null, meta: MatrixMeta, learnt: ReadonlyMap<string, string>): string | null {
  if (isRoomId(openRoom)) return openRoom;
  if (!isRoomAlias(openRoom)) return null;
  const roomId = learnt.get(openRoom) ?? meta.aliases.findLast(([alias]) => alias === openRoom)?.[1] ?? null;
  return isRoomId(roomId) ? roomId : null;
}

/**
 * The logged-in account: the client's own record (always the current login),
 * else the latest /whoami answer (which may be from an earlier login).
 */
export function accountOf(clientUserId: string | null, meta: MatrixMeta): string | null {
  if (isMatrixUserId(clientUserId)) return clientUserId;
  return isMatrixUserId(meta.whoami) ? meta.whoami : null;
}
