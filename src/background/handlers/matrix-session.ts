// storage.session access for the Matrix observation state (layout and budgets
// in src/adapters/matrix/background/session-plan.ts). Content scripts cannot
// read or write storage.session; every value is still validated when read back.
// A write the browser refuses (its quota is shared with everything else kept
// there) is retried once after making room; if that fails too, the caller is
// told, so that what was read is still checked and the failure is said.

import type { RoomState, UserKeys } from '../../adapters/matrix/background/observed-state';
import {
  keysOfOrigin,
  metaKey,
  ORIGINS_KEY,
  planOrigins,
  planSessionWrite,
  readMeta,
  readOrigins,
  readRoom,
  readUserKeys,
  roomKey,
  SESSION_LIMITS,
  userKey,
  type MatrixMeta,
  type SessionChange,
  type SessionPlan,
} from '../../adapters/matrix/background/session-plan';
import { readKeys, removeKeys, writeKeys } from '../../platform/storage';
import { log } from '../log';

/** The origin's index as last written; saveChange keeps it current. */
export interface MatrixSessionState {
  meta: MatrixMeta;
}

export interface SaveOutcome {
  /** Why the change could not be kept, in plain words; null when it was. */
  failure: string | null;
  /** Users and rooms let go to stay within the budgets. */
  evicted: SessionPlan['evicted'];
}

export async function loadMeta(origin: string): Promise<MatrixSessionState> {
  const key = metaKey(origin);
  return { meta: readMeta((await readKeys('session', [key]))[key]) };
}

export async function loadRooms(origin: string, roomIds: readonly string[]): Promise<Map<string, RoomState>> {
  const stored = await readKeys(
    'session',
    roomIds.map((id) => roomKey(origin, id)),
  );
  const rooms = new Map<string, RoomState>();
  for (const id of roomIds) {
    const room = readRoom(stored[roomKey(origin, id)]);
    if (room) rooms.set(id, room);
  }
  return rooms;
}

export async function loadUsers(origin: string, userIds: readonly string[]): Promise<Map<string, UserKeys>> {
  const stored = await readKeys(
    'session',
    userIds.map((id) => userKey(origin, id)),
  );
  const users = new Map<string, UserKeys>();
  for (const id of userIds) {
    const keys = readUserKeys(stored[userKey(origin, id)]);
    if (keys !== null) users.set(id, keys);
  }
  return users;
}

async function loadOrigins(): Promise<ReturnType<typeof readOrigins>> {
  return readOrigins((await readKeys('session', [ORIGINS_KEY]))[ORIGINS_KEY]);
}

/** Every key of these origins' state. */
async function keysOfOrigins(origins: readonly string[]): Promise<string[]> {
  if (origins.length === 0) return [];
  const metas = await readKeys('session', origins.map(metaKey));
  return origins.flatMap((origin) => keysOfOrigin(origin, readMeta(metas[metaKey(origin)])));
}

/**
 * Forgets the Matrix state of every origin but `keep` (all of it when null), to
 * make room in storage.session; the client's next responses teach it again.
 */
export async function forgetMatrixState(keep: string | null): Promise<void> {
  const index = await loadOrigins();
  const gone = index.map(([origin]) => origin).filter((origin) => origin !== keep);
  await removeKeys('session', await keysOfOrigins(gone));
  await writeKeys('session', { [ORIGINS_KEY]: JSON.stringify(index.filter(([origin]) => origin === keep)) });
}

const NOTHING_EVICTED: SaveOutcome['evicted'] = { users: [], rooms: [] };

/**
 * Keeps `change` within the budgets; the users in `pinned` (the open room's
 * members) go last. Never throws: a failure is in the outcome.
 */
export async function saveChange(
  origin: string,
  state: MatrixSessionState,
  change: SessionChange,
  pinned: ReadonlySet<string> = new Set(),
): Promise<SaveOutcome> {
  const unchanged =
    change.users.size === 0 &&
    change.rooms.size === 0 &&
    change.aliases.size === 0 &&
    (change.whoami === null || change.whoami === state.meta.whoami);
  if (unchanged) return { failure: null, evicted: NOTHING_EVICTED };
  let plan = planSessionWrite(origin, state.meta, change, pinned);
  try {
    await writePlan(origin, plan);
  } catch (first) {
    // More of the area is taken than the budgets allow for (another origin, the tabs' state, a smaller quota):
    // forget every other origin's state, keep half of this one's, and try once more.
    log.error(`storage.session refused ${origin}'s Matrix state; making room and trying again`, first);
    plan = planSessionWrite(origin, state.meta, change, pinned, Math.floor(Math.min(plan.bytes, SESSION_LIMITS.originBytes) / 2));
    try {
      await forgetMatrixState(origin);
      await writePlan(origin, plan);
    } catch (second) {
      log.error(`storage.session refused ${origin}'s Matrix state again`, second);
      return {
        failure: `the browser refused to keep it (${second instanceof Error ? second.message : String(second)})`,
        evicted: plan.evicted,
      };
    }
  }
  state.meta = plan.meta;
  return { failure: null, evicted: plan.evicted };
}

/** Removes first, so that what is let go frees its room before anything new takes some. */
async function writePlan(origin: string, plan: SessionPlan): Promise<void> {
  const origins = planOrigins(await loadOrigins(), origin, plan.bytes);
  await removeKeys('session', [...plan.deletes, ...(await keysOfOrigins(origins.forget))]);
  await writeKeys('session', { ...plan.writes, [ORIGINS_KEY]: JSON.stringify(origins.index) });
}
