// storage.session access for the Matrix observation state (layout and budgets
// in src/adapters/matrix/session-plan.ts). Content scripts cannot read or write
// storage.session; every value is still validated when read back.

import type { RoomState, UserKeys } from '../../adapters/matrix/background/observed-state';
import {
  metaKey,
  planSessionWrite,
  readMeta,
  readRoom,
  readUserKeys,
  roomKey,
  userKey,
  type MatrixMeta,
  type SessionChange,
} from '../../adapters/matrix/background/session-plan';
import { readKeys, removeKeys, writeKeys } from '../../platform/storage';

/** The origin's index as last written; saveChange keeps it current. */
export interface MatrixSessionState {
  meta: MatrixMeta;
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

export async function saveChange(origin: string, state: MatrixSessionState, change: SessionChange): Promise<void> {
  const unchanged =
    change.users.size === 0 &&
    change.rooms.size === 0 &&
    change.aliases.size === 0 &&
    (change.whoami === null || change.whoami === state.meta.whoami);
  if (unchanged) return;
  const plan = planSessionWrite(origin, state.meta, change);
  await writeKeys('session', plan.writes);
  await removeKeys('session', plan.deletes);
  state.meta = plan.writes[metaKey(origin)] as MatrixMeta;
}
