// storage.local access for what KeyWatch verified of Matrix users' keys
// (layout and budgets in src/adapters/matrix/background/remembered-plan.ts).
// The background is the only writer, through the trust store's queue, so
// clearing all data cannot interleave with a write; what it read is kept in
// memory until then (a stopped worker reads it again on demand).

import {
  keptResponsesKey,
  planKeptResponses,
  readKeptResponses,
  withoutUsers,
  type KeptResponse,
} from '../../adapters/matrix/background/kept-responses';
import { readRemembered, type RememberedKeys } from '../../adapters/matrix/background/remembered-keys';
import {
  planRemember,
  readIndex,
  rememberedIndexKey,
  rememberedKey,
  type RememberedIndex,
  type RememberedRoom,
} from '../../adapters/matrix/background/remembered-plan';
import { readKeys, removeKeys, writeKeys } from '../../platform/storage';
import { serialized } from '../store';

interface OriginMemory {
  index: RememberedIndex;
  /** User id → what is remembered, or null when storage holds nothing for them. */
  users: Map<string, RememberedKeys | null>;
  /** The /keys/query responses kept (kept-responses.ts), once read. */
  responses: Promise<KeptResponse[]> | null;
}

let memory = new Map<string, Promise<OriginMemory>>();

function originMemory(origin: string): Promise<OriginMemory> {
  let found = memory.get(origin);
  if (!found) {
    const key = rememberedIndexKey(origin);
    found = readKeys('local', [key]).then((stored) => ({ index: readIndex(stored[key]), users: new Map(), responses: null }));
    memory.set(origin, found);
  }
  return found;
}

/** What is remembered of these users' keys (those never verified are left out). */
export async function recallKeys(origin: string, userIds: readonly string[]): Promise<Map<string, RememberedKeys>> {
  const held = await originMemory(origin);
  const known = new Set(held.index.users.map(([userId]) => userId));
  const missing = userIds.filter((id) => !held.users.has(id) && known.has(id));
  if (missing.length > 0) {
    const stored = await readKeys(
      'local',
      missing.map((id) => rememberedKey(origin, id)),
    );
    for (const id of missing) if (!held.users.has(id)) held.users.set(id, readRemembered(stored[rememberedKey(origin, id)]));
  }
  const found = new Map<string, RememberedKeys>();
  for (const id of userIds) {
    const keys = held.users.get(id);
    if (keys) found.set(id, keys);
  }
  return found;
}

function keptResponses(origin: string, held: OriginMemory): Promise<KeptResponse[]> {
  if (held.responses === null) {
    const key = keptResponsesKey(origin);
    held.responses = readKeys('local', [key]).then((stored) => readKeptResponses(stored[key]));
  }
  return held.responses;
}

/** The /keys/query response kept under this digest (also from an earlier browser session), if any. */
export async function recallResponse(origin: string, source: string): Promise<KeptResponse | null> {
  const responses = await keptResponses(origin, await originMemory(origin));
  return responses.find((response) => response.source === source) ?? null;
}

/** Keeps a response just verified, after its users' verdicts (rememberKeys), within the origin's bounds. */
export function rememberResponse(origin: string, response: KeptResponse): Promise<void> {
  return serialized(async () => {
    const held = await originMemory(origin);
    const next = planKeptResponses(await keptResponses(origin, held), response);
    await writeKeys('local', { [keptResponsesKey(origin)]: next });
    held.responses = Promise.resolve(next);
  });
}

/** Room aliases learnt before (also in an earlier browser session), alias → room id. */
export async function recallAliases(origin: string): Promise<Map<string, string>> {
  return new Map((await originMemory(origin)).index.aliases);
}

/** The name and canonical alias last learnt of a room (also in an earlier browser session). */
export async function recallRoom(origin: string, roomId: string): Promise<RememberedRoom | null> {
  const found = (await originMemory(origin)).index.rooms.find(([id]) => id === roomId);
  return found ? { name: found[1], alias: found[2] } : null;
}

/**
 * Keeps what was just verified, and the aliases and room titles learnt, within
 * the origin's budgets. A user whose verdict is the very one kept (the same
 * keys seen again, or `fromKeptResponse`: the verdicts kept with a response,
 * which are those of the users' records) is not written again, only counted
 * as the most recent. A kept response naming a user whose record is rewritten
 * or let go is let go in the same write.
 */
export function rememberKeys(
  origin: string,
  verified: ReadonlyMap<string, RememberedKeys>,
  aliases: ReadonlyMap<string, string>,
  rooms: ReadonlyMap<string, RememberedRoom> = new Map(),
  fromKeptResponse = false,
): Promise<void> {
  if (verified.size === 0 && aliases.size === 0 && rooms.size === 0) return Promise.resolve();
  return serialized(async () => {
    const held = await originMemory(origin);
    const indexed = fromKeptResponse ? new Set(held.index.users.map(([userId]) => userId)) : new Set<string>();
    // A record known to be missing or damaged (null) is written again.
    const isKept = (userId: string, keys: RememberedKeys) =>
      held.users.get(userId) === keys || (indexed.has(userId) && held.users.get(userId) !== null);
    const reused = [...verified].filter(([userId, keys]) => isKept(userId, keys)).map(([userId]) => userId);
    const users = new Map([...verified].filter(([userId, keys]) => !isKept(userId, keys)));
    const newest = held.index.users.slice(-reused.length).map(([userId]) => userId);
    const reordered = reused.length > 0 && !(newest.length === reused.length && reused.every((id) => newest.includes(id)));
    const learnt = [...aliases].filter(([alias, roomId]) => !held.index.aliases.some(([a, r]) => a === alias && r === roomId));
    const titled = [...rooms].filter(
      ([roomId, room]) => !held.index.rooms.some(([id, name, alias]) => id === roomId && name === room.name && alias === room.alias),
    );
    // Now in memory: the next recall of these users reads nothing.
    for (const userId of reused) if (held.users.get(userId) === undefined) held.users.set(userId, verified.get(userId)!);
    if (users.size === 0 && learnt.length === 0 && titled.length === 0 && !reordered) return;
    const plan = planRemember(origin, held.index, users, new Map(learnt), new Map(titled), reused);
    const changed = new Set([...users.keys(), ...plan.forgotten]);
    const responses = changed.size === 0 ? null : await keptResponses(origin, held);
    const stillKept = responses === null ? null : withoutUsers(responses, changed);
    const writes = { ...plan.writes };
    if (stillKept !== null && stillKept.length < responses!.length) writes[keptResponsesKey(origin)] = stillKept;
    // One write: a response never outlives the user records it names.
    await writeKeys('local', writes);
    await removeKeys('local', plan.deletes);
    held.index = plan.index;
    if (stillKept !== null) held.responses = Promise.resolve(stillKept);
    for (const [userId, keys] of users) held.users.set(userId, keys);
    for (const userId of plan.forgotten) held.users.delete(userId);
  });
}

/** After every record in storage.local was cleared: forget what is held in memory too. */
export function forgetRememberedKeys(): void {
  memory = new Map();
}
