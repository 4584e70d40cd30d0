// Stored events in the client formats of the spec: ClientEvent (with room_id)
// for room endpoints, without room_id inside sync, and stripped state for
// invites.

import type { StoredEvent } from './state/rooms';

export interface Viewer {
  userId: string;
  deviceId: string;
}

export function clientEvent(event: StoredEvent, viewer: Viewer | null, options: { withRoomId: boolean } = { withRoomId: true }) {
  const unsigned: Record<string, unknown> = { age: Math.max(0, Date.now() - event.origin_server_ts) };
  const t = event.transaction;
  if (t && viewer && t.userId === viewer.userId && t.deviceId === viewer.deviceId) unsigned.transaction_id = t.txnId;
  if (event.prevContent) unsigned.prev_content = event.prevContent;
  return {
    event_id: event.event_id,
    ...(options.withRoomId ? { room_id: event.room_id } : {}),
    type: event.type,
    sender: event.sender,
    origin_server_ts: event.origin_server_ts,
    content: event.content,
    ...(event.state_key !== undefined ? { state_key: event.state_key } : {}),
    unsigned,
  };
}

export function strippedState(event: StoredEvent) {
  return { type: event.type, state_key: event.state_key, sender: event.sender, content: event.content };
}
