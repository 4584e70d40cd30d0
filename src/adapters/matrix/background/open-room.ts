// Which room the page shows. Element writes `#/room/!id:server` or
// `#/room/#alias:server` in the address. An alias is resolved with what
// KeyWatch learnt of the room's canonical alias from /sync (in this browser
// session or an earlier one); after a restart the catch-up sync does not
// repeat a room's state, so when nothing is known the client's own record of
// the room it shows (mx_last_room_id, the id even when the address shows an
// alias) is used, unless KeyWatch knows that room by another alias (the
// address may be ahead of the record for a moment after a switch).

import { isRoomAlias, isRoomId } from '../shared/observation';

export interface AddressFacts {
  /** The room in the address: an id or an alias. */
  openRoom: string | null;
  /** The client's record of the room it shows last (mx_last_room_id). */
  lastRoomId: string | null;
  /** Aliases learnt, alias → room id, most trusted first (this response, this session, remembered). */
  aliases: ReadonlyArray<ReadonlyMap<string, string>>;
  /** The canonical alias KeyWatch knows for a room, if any. */
  aliasOfRoom: (roomId: string) => string | null;
}

export function resolveOpenRoom(facts: AddressFacts): string | null {
  const { openRoom } = facts;
  if (isRoomId(openRoom)) return openRoom;
  if (!isRoomAlias(openRoom)) return null;
  for (const learnt of facts.aliases) {
    const roomId = learnt.get(openRoom);
    if (isRoomId(roomId)) return roomId;
  }
  if (!isRoomId(facts.lastRoomId)) return null;
  const known = facts.aliasOfRoom(facts.lastRoomId);
  return known === null || known === openRoom ? facts.lastRoomId : null;
}

/**
 * The room whose remembered roster may be shown while the client starts up:
 * the one the address resolves to; when the address names no room at all, the
 * room the client showed last (mx_last_room_id), which a client starting up
 * opens again (Element does, and so does the test client). An address naming a
 * room KeyWatch cannot resolve gets nothing from memory.
 */
export function rememberedRoomOf(resolved: string | null, inAddress: string | null, lastRoomId: string | null): string | null {
  if (resolved !== null) return resolved;
  return inAddress === null && isRoomId(lastRoomId) ? lastRoomId : null;
}
