// Where the background keeps what it verified of Matrix users' keys
// (remembered-keys.ts) in storage.local, so that a browser restart does not
// start from nothing, and how it stays bounded. One record per origin and
// user, so an update writes only the users a response named; one index per
// origin lists them least recently verified first (the first to go past a
// budget) and keeps the room aliases and names learnt, for addresses like
// #/room/#alias:server and the room's title after a restart (the catch-up
// sync does not repeat a room's state). A cache, not the trust store: it is
// not exported, and clearing all data clears it.

import * as v from 'valibot';
import { isRoomAlias, isRoomId } from '../shared/observation';
import { isMatrixUserId } from '../shared/user-id';
import type { RememberedKeys } from './remembered-keys';

export const REMEMBERED_LIMITS = {
  /** Users remembered per origin: a 1,000-member room five times over. */
  users: 5000,
  /** Characters of remembered keys per origin (about 100 per device). */
  chars: 2 * 1024 * 1024,
  aliases: 500,
  rooms: 300,
} as const;

/** What is kept of a room: its name and canonical alias (page text, bounded). */
export interface RememberedRoom {
  name: string | null;
  alias: string | null;
}

export const REMEMBERED_PREFIX = 'matrix-verified/';

/** `%` and `|` escaped as in the trust store's keys, so no origin or user id can make two keys collide. */
const part = (text: string) => text.replace(/%/g, '%25').replace(/\|/g, '%7C');
export const rememberedKey = (origin: string, userId: string) => `${REMEMBERED_PREFIX}${part(origin)}|${part(userId)}`;
export const rememberedIndexKey = (origin: string) => `${REMEMBERED_PREFIX}${part(origin)}`;

const userIdText = v.pipe(
  v.string(),
  v.check((id: string) => isMatrixUserId(id)),
);
const roomIdText = v.pipe(
  v.string(),
  v.check((id: string) => isRoomId(id)),
);
const aliasText = v.pipe(
  v.string(),
  v.check((alias: string) => isRoomAlias(alias)),
);

export const RememberedIndexSchema = v.object({
  /** [user id, characters], least recently verified first. */
  users: v.array(v.tuple([userIdText, v.pipe(v.number(), v.minValue(0))])),
  /** [alias, room id], least recently learnt first. */
  aliases: v.array(v.tuple([aliasText, roomIdText])),
  /** [room id, name, canonical alias], least recently learnt first. */
  rooms: v.optional(v.array(v.tuple([roomIdText, v.nullable(v.pipe(v.string(), v.maxLength(256))), v.nullable(aliasText)])), []),
});
export type RememberedIndex = v.InferOutput<typeof RememberedIndexSchema>;

export function emptyIndex(): RememberedIndex {
  return { users: [], aliases: [], rooms: [] };
}

/** A stored index read back; a damaged one counts as empty (its records are then rewritten or left unread). */
export function readIndex(raw: unknown): RememberedIndex {
  const parsed = v.safeParse(RememberedIndexSchema, raw);
  return parsed.success ? parsed.output : emptyIndex();
}

export interface RememberedPlan {
  writes: Record<string, unknown>;
  deletes: string[];
  index: RememberedIndex;
  /** Users no longer remembered (past a budget). */
  forgotten: string[];
}

/**
 * The writes and evictions that keep `users` and `aliases` for `origin` within
 * the budgets. `reused`: users whose kept verdict was used again for the same
 * keys; they become the most recent without their record being written again.
 */
export function planRemember(
  origin: string,
  index: RememberedIndex,
  users: ReadonlyMap<string, RememberedKeys>,
  aliases: ReadonlyMap<string, string> = new Map(),
  rooms: ReadonlyMap<string, RememberedRoom> = new Map(),
  reused: readonly string[] = [],
): RememberedPlan {
  const writes: Record<string, unknown> = {};
  const sizes = new Map(index.users);
  for (const userId of reused) {
    const chars = sizes.get(userId);
    if (chars === undefined || users.has(userId)) continue;
    sizes.delete(userId);
    sizes.set(userId, chars);
  }
  for (const [userId, keys] of users) {
    writes[rememberedKey(origin, userId)] = keys;
    sizes.delete(userId); // moves to the end: the most recent
    sizes.set(userId, JSON.stringify(keys).length);
  }
  const list = [...sizes];
  let total = list.reduce((n, [, chars]) => n + chars, 0);
  const forgotten: string[] = [];
  while (list.length > 0 && (list.length > REMEMBERED_LIMITS.users || total > REMEMBERED_LIMITS.chars)) {
    const [userId, chars] = list.shift()!;
    total -= chars;
    forgotten.push(userId);
    delete writes[rememberedKey(origin, userId)];
  }
  const learnt = new Map(index.aliases);
  for (const [alias, roomId] of aliases) {
    learnt.delete(alias);
    learnt.set(alias, roomId);
  }
  const titled = new Map(index.rooms.map(([roomId, name, alias]) => [roomId, { name, alias }]));
  for (const [roomId, room] of rooms) {
    titled.delete(roomId);
    titled.set(roomId, room);
  }
  const next: RememberedIndex = {
    users: list,
    aliases: [...learnt].slice(-REMEMBERED_LIMITS.aliases),
    rooms: [...titled].slice(-REMEMBERED_LIMITS.rooms).map(([roomId, { name, alias }]) => [roomId, name, alias]),
  };
  writes[rememberedIndexKey(origin)] = next;
  return { writes, deletes: forgotten.map((userId) => rememberedKey(origin, userId)), index: next, forgotten };
}
