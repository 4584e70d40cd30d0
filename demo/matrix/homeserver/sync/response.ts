// One sync response for one device (spec, "GET /sync"), computed from the
// stream position `since` up to now.

import type { Viewer } from '../events';
import type { Homeserver } from '../homeserver';
import { syncToken } from '../state/stream';
import { deviceLists } from './device-lists';
import type { SyncFilter } from './filter';
import { invitedRoom, joinedRoom, leftRoom, type RoomSyncContext, type StateMode } from './rooms';

export interface SyncRequest {
  viewer: Viewer;
  since: number | null;
  fullState: boolean;
  filter: SyncFilter;
  mode: StateMode;
}

export interface SyncResult {
  body: Record<string, unknown>;
  /** Nothing new for this device: a long-polling request may wait for more. */
  empty: boolean;
}

export function buildSync(hs: Homeserver, request: SyncRequest): SyncResult {
  const now = hs.stream.current;
  const { viewer, since } = request;
  const context: RoomSyncContext = { hs, ...request, now };
  const join: Record<string, unknown> = {};
  const invite: Record<string, unknown> = {};
  const leave: Record<string, unknown> = {};
  for (const room of hs.rooms.roomsOf(viewer.userId)) {
    const membership = room.membershipOf(viewer.userId);
    const section =
      membership === 'join' ? joinedRoom(context, room) : membership === 'invite' ? invitedRoom(context, room) : leftRoom(context, room);
    if (!section) continue;
    (membership === 'join' ? join : membership === 'invite' ? invite : leave)[room.id] = section;
  }
  const toDevice = hs.toDevice
    .pending(viewer.userId, viewer.deviceId, since ?? 0)
    .map(({ sender, type, content }) => ({ sender, type, content }));
  const lists = deviceLists(hs, viewer.userId, since);
  const accountData = hs.accountData.since(viewer.userId, null, since ?? -1);
  const empty =
    Object.keys(join).length + Object.keys(invite).length + Object.keys(leave).length + toDevice.length + accountData.length === 0 &&
    lists.changed.length + lists.left.length === 0;
  return {
    empty,
    body: {
      next_batch: syncToken(now),
      rooms: { join, invite, leave, knock: {} },
      account_data: { events: accountData },
      to_device: { events: toDevice },
      device_lists: lists,
      device_one_time_keys_count: hs.keys.oneTimeKeyCounts(viewer.userId, viewer.deviceId),
      device_unused_fallback_key_types: hs.keys.unusedFallbackKeyTypes(viewer.userId, viewer.deviceId),
      presence: { events: [] },
    },
  };
}
