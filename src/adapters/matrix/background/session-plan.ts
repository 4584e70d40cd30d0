// Where the background keeps a Matrix client's observed state in
// storage.session, and how it stays bounded. One key per user's keys and per
// room, so an update writes only what it changed; one small index per origin
// lists them least recently updated first, so the oldest go first when a
// budget is passed. Budgets count bytes as the browsers charge them
// (session-bytes.ts): a homeserver's long non-ASCII text once filled the area.

import * as v from 'valibot';
import { isMatrixUserId } from '../shared/user-id';
import { RoomStateSchema, UserKeysSchema, type RoomState, type UserKeys } from './observed-state';
import { chargedBytes, entryBytes, ENTRY_OVERHEAD_BYTES, jsonStringBytes, partBytes } from './session-bytes';

/**
 * Budgets in bytes as the browsers charge them (session-bytes.ts). Both
 * browsers give storage.session 10 MiB in all, shared with the tabs' state; the
 * Matrix state of all origins together stays within 6 MiB of it, one origin's
 * within 4 MiB (a room of 1,000 members with three devices each needs about
 * 2.5 MiB). docs/storage.md lists each number and why.
 */
export const SESSION_LIMITS = {
  /** One origin's Matrix state in all: its users' keys, its rooms, its index. */
  originBytes: 4 * 1024 * 1024,
  /** Every origin's Matrix state together; the least recently updated other origins go first past it. */
  totalBytes: 6 * 1024 * 1024,
  users: 5000,
  rooms: 300,
  aliases: 500,
  /** Origins remembered at once. */
  origins: 50,
} as const;

export const MATRIX_SESSION_PREFIX = 'matrix/';
export const metaKey = (origin: string) => `${MATRIX_SESSION_PREFIX}${origin}/meta`;
export const userKey = (origin: string, userId: string) => `${MATRIX_SESSION_PREFIX}${origin}/user/${userId}`;
export const roomKey = (origin: string, roomId: string) => `${MATRIX_SESSION_PREFIX}${origin}/room/${roomId}`;
/** Every origin with Matrix state and its bytes, least recently updated first. */
export const ORIGINS_KEY = `${MATRIX_SESSION_PREFIX}origins`;

const sized = v.array(v.tuple([v.string(), v.pipe(v.number(), v.minValue(0))]));
export const MetaSchema = v.object({
  whoami: v.nullable(v.pipe(v.string(), v.maxLength(255))),
  /** [user id, bytes], least recently updated first. */
  users: sized,
  /** [room id, bytes], least recently updated first. */
  rooms: sized,
  /** [alias, room id], least recently learnt first. */
  aliases: v.array(v.tuple([v.string(), v.string()])),
});
export type MatrixMeta = v.InferOutput<typeof MetaSchema>;
const OriginsSchema = sized;
export type OriginIndex = Array<[string, number]>;

export function emptyMeta(): MatrixMeta {
  return { whoami: null, users: [], rooms: [], aliases: [] };
}

/** JSON text read back; anything else reads as nothing. */
function parsedText(raw: unknown): unknown {
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Stored values read back; anything damaged reads as never seen. Rooms, the
 * indexes and users' keys are stored as text (a user too large to keep, as the
 * number of bytes), so that what they cost is what the budgets count.
 */
export function readMeta(raw: unknown): MatrixMeta {
  const parsed = v.safeParse(MetaSchema, parsedText(raw));
  return parsed.success ? parsed.output : emptyMeta();
}
export function readRoom(raw: unknown): RoomState | null {
  const parsed = v.safeParse(RoomStateSchema, parsedText(raw));
  return parsed.success ? parsed.output : null;
}
export function readUserKeys(raw: unknown): UserKeys | null {
  const parsed = v.safeParse(UserKeysSchema, typeof raw === 'number' ? { oversized: raw } : raw);
  return parsed.success ? parsed.output : null;
}
export function readOrigins(raw: unknown): OriginIndex {
  const parsed = v.safeParse(OriginsSchema, parsedText(raw));
  return parsed.success ? parsed.output : [];
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
  /** The index as written. */
  meta: MatrixMeta;
  /** The origin's bytes after the write, as the browsers charge them. */
  bytes: number;
  /** What went to stay within the budgets (this change's own entries included, when one alone is too large). */
  evicted: { users: string[]; rooms: string[] };
}

/** A user's keys as stored: their JSON text, or the size of a part too large to keep (a number). */
const storedUserKeys = (keys: UserKeys): string | number => (typeof keys === 'string' ? keys : keys.oversized);
const userText = (keys: UserKeys) => String(storedUserKeys(keys));
/** One [id, bytes] line of the index: brackets, commas and a size of up to ten digits, two bytes each at most. */
const indexLineBytes = (id: string) => jsonStringBytes(id) + 2 * 13;
const aliasBytes = ([alias, roomId]: readonly [string, string]) => jsonStringBytes(alias) + jsonStringBytes(roomId) + 2 * 4;

/**
 * The writes and evictions that store `change` for `origin` within the budgets.
 * Past a budget the least recently updated go first: users not in `pinned`
 * (the open room's members), then rooms other than the pinned ones, then
 * aliases, and only then pinned users and rooms. `budget` is the origin's
 * bytes (smaller when the browser refused a write and room is being made).
 */
export function planSessionWrite(
  origin: string,
  meta: MatrixMeta,
  change: SessionChange,
  pinned: ReadonlySet<string> = new Set(),
  budget: number = SESSION_LIMITS.originBytes,
): SessionPlan {
  const writes: Record<string, unknown> = {};
  const deletes: string[] = [];
  for (const [userId, keys] of change.users) writes[userKey(origin, userId)] = storedUserKeys(keys);
  for (const [roomId, room] of change.rooms) writes[roomKey(origin, roomId)] = JSON.stringify(room);

  const users = touch(
    meta.users,
    [...change.users].map(([id, keys]) => [id, entryBytes(userKey(origin, id), userText(keys)) + indexLineBytes(id)]),
  );
  const rooms = touch(
    meta.rooms,
    [...change.rooms].map(([id]) => [id, entryBytes(roomKey(origin, id), writes[roomKey(origin, id)] as string) + indexLineBytes(id)]),
  );
  const learnt = new Map(meta.aliases);
  for (const [alias, roomId] of change.aliases) {
    learnt.delete(alias);
    learnt.set(alias, roomId);
  }
  const aliases = [...learnt].slice(-SESSION_LIMITS.aliases);
  const whoami = change.whoami ?? meta.whoami;

  const evicted = { users: [] as string[], rooms: [] as string[] };
  const sum = (list: ReadonlyArray<readonly [string, number]>) => list.reduce((n, [, bytes]) => n + bytes, 0);
  const fixed = chargedBytes(metaKey(origin)) + partBytes(JSON.stringify({ ...emptyMeta(), whoami })) + ENTRY_OVERHEAD_BYTES;
  let total = fixed + sum(users) + sum(rooms) + aliases.reduce((n, a) => n + aliasBytes(a), 0);
  const over = () => total > budget;
  /** Drops the oldest entries of `list` that `may` allows while `until` holds. */
  const dropOldest = (list: Array<[string, number]>, into: string[], until: () => boolean, may: (id: string) => boolean = () => true) => {
    for (let i = 0; i < list.length && until();) {
      const [id, bytes] = list[i]!;
      if (!may(id)) {
        i++;
        continue;
      }
      list.splice(i, 1);
      total -= bytes;
      into.push(id);
    }
  };
  const unpinned = (id: string) => !pinned.has(id);
  // Counts first (the oldest go), then bytes, in the order of what matters least.
  dropOldest(users, evicted.users, () => users.length > SESSION_LIMITS.users);
  dropOldest(rooms, evicted.rooms, () => rooms.length > SESSION_LIMITS.rooms);
  dropOldest(users, evicted.users, over, unpinned);
  dropOldest(rooms, evicted.rooms, over, unpinned);
  while (over() && aliases.length > 0) total -= aliasBytes(aliases.shift()!);
  dropOldest(users, evicted.users, over);
  dropOldest(rooms, evicted.rooms, over);

  for (const id of evicted.users) deletes.push(userKey(origin, id));
  for (const id of evicted.rooms) deletes.push(roomKey(origin, id));
  const next: MatrixMeta = { whoami, users, rooms, aliases };
  writes[metaKey(origin)] = JSON.stringify(next);
  for (const key of deletes) delete writes[key];
  return { writes, deletes, meta: next, bytes: total, evicted };
}

/** Moves the updated entries to the end (most recent), with their new sizes. */
function touch(list: ReadonlyArray<readonly [string, number]>, updated: Array<[string, number]>): Array<[string, number]> {
  const ids = new Set(updated.map(([id]) => id));
  return [...list.filter(([id]) => !ids.has(id)).map(([id, n]): [string, number] => [id, n]), ...updated];
}

/** Every key an origin's index names, and the index itself: what forgetting the origin removes. */
export function keysOfOrigin(origin: string, meta: MatrixMeta): string[] {
  return [...meta.users.map(([id]) => userKey(origin, id)), ...meta.rooms.map(([id]) => roomKey(origin, id)), metaKey(origin)];
}

/**
 * The origins index after `origin` was written at `bytes`, and the other
 * origins to forget (least recently updated first) so that all of them stay
 * within the total.
 */
export function planOrigins(index: OriginIndex, origin: string, bytes: number): { index: OriginIndex; forget: string[] } {
  const next = touch(index, [[origin, bytes]]);
  const forget: string[] = [];
  let total = next.reduce((n, [, b]) => n + b, 0);
  while (next.length > 1 && (total > SESSION_LIMITS.totalBytes || next.length > SESSION_LIMITS.origins)) {
    const [gone, goneBytes] = next.shift()!;
    total -= goneBytes;
    forget.push(gone);
  }
  return { index: next, forget };
}

/**
 * The logged-in account: the client's own record (always the current login),
 * else the latest /whoami answer (which may be from an earlier login).
 */
export function accountOf(clientUserId: string | null, meta: MatrixMeta): string | null {
  if (isMatrixUserId(clientUserId)) return clientUserId;
  return isMatrixUserId(meta.whoami) ? meta.whoami : null;
}
