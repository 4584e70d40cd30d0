// device_lists of a sync (spec, "Tracking the device list for a user"): users
// sharing a room with the viewer whose keys changed since the last sync, users
// who newly share a room (changed), users whose master key the viewer signed
// (changed, as Synapse tells the signer), users who no longer share any (left).

import type { Homeserver } from '../homeserver';

export function deviceLists(hs: Homeserver, viewer: string, since: number | null): { changed: string[]; left: string[] } {
  if (since === null) return { changed: [], left: [] };
  const sharedNow = hs.usersSharingRoomsWith(viewer);
  const changed = new Set([...hs.keys.changedSince(since)].filter((u) => u === viewer || sharedNow.has(u)));
  for (const userId of hs.keys.signedBySince(viewer, since)) changed.add(userId);
  const left: string[] = [];
  if (hs.rooms.roomsOf(viewer).some((room) => room.lastMembershipPosition > since)) {
    const sharedThen = hs.usersSharingRoomsWith(viewer, since);
    for (const userId of sharedNow) if (!sharedThen.has(userId)) changed.add(userId);
    for (const userId of sharedThen) if (!sharedNow.has(userId)) left.push(userId);
  }
  return { changed: [...changed].filter((u) => !hs.attacks.withholdsDeviceListChange(u, viewer)), left };
}
