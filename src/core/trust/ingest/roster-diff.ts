// What changed in one conversation since its last stored roster. Linear in the
// size of both rosters (maps, no nested scans), so a 1,000-person group diffs
// in well under a millisecond. Membership means "shown": a participant the page
// encrypts to without showing is not a member but a hidden participant.

import type { DeviceView, ParticipantView, RosterSnapshot } from '../../roster';
import { copyKey, sameKey } from '../public-keys';
import { deviceToken } from './observe-contact';
import type { RosterDevice, RosterMember } from '../store/record-schemas';
import type { RosterEntry } from '../rules/facts';

export interface RosterDiff {
  /** Null at the first snapshot of a conversation: nothing to compare, nothing added or removed. */
  previous: readonly RosterMember[] | null;
  added: ParticipantView[];
  removed: RosterMember[];
  /** Devices of people present before and now. */
  devicesAdded: { participant: ParticipantView; device: DeviceView }[];
  devicesRemoved: { member: RosterMember; device: RosterDevice }[];
}

export function toRoster(snapshot: RosterSnapshot): RosterMember[] {
  return snapshot.participants.map(toRosterMember);
}

/** A participant as its roster chunk stores it (a copy: only the members of chunks written are copied). */
export function toRosterMember(p: RosterEntry): RosterMember {
  return {
    id: p.id,
    name: p.name,
    shown: p.shown,
    isSelf: p.isSelf,
    identityKey: copyKey(p.identityKey),
    devices: p.devices.map((d) => ({ id: d.id, key: copyKey(d.key), vouch: d.vouch, encryptedTo: d.encryptedTo })),
  };
}

/**
 * `unknown` says whom the stored roster cannot tell about (their part of it
 * could not be read): they are neither added nor removed.
 */
export function diffRoster(
  previous: readonly RosterMember[] | null,
  snapshot: RosterSnapshot,
  unknown?: (id: string) => boolean,
): RosterDiff {
  const diff: RosterDiff = { previous, added: [], removed: [], devicesAdded: [], devicesRemoved: [] };
  if (previous === null) return diff;
  // Each id's place in the previous roster (the last, were one listed twice), and whether the snapshot shows it
  // now (as its last participant with that id says), by place: one map and one byte array, not a map of both rosters.
  const at = new Map<string, number>();
  for (let i = 0; i < previous.length; i++) at.set(previous[i]!.id, i);
  const shownNow = new Uint8Array(previous.length);

  // Indexed loops: run once per snapshot, for...of would make an iterator result per person.
  const participants = snapshot.participants;
  for (let j = 0; j < participants.length; j++) {
    const p = participants[j]!;
    const i = at.get(p.id);
    const old = i === undefined ? undefined : previous[i]!;
    if (i !== undefined) shownNow[i] = p.shown ? 1 : 0;
    if (!p.isSelf && p.shown && !old?.shown && !(old === undefined && unknown?.(p.id))) diff.added.push(p);
    if (old) diffDevices(old, p, diff);
  }
  for (let i = 0; i < previous.length; i++) {
    const m = previous[i]!;
    if (!m.isSelf && m.shown && shownNow[at.get(m.id)!] !== 1) diff.removed.push(m);
  }
  return diff;
}

function diffDevices(old: RosterMember, p: ParticipantView, diff: RosterDiff): void {
  // Most people's devices do not change: same ids and keys in the same order need no sets.
  if (
    old.devices.length === p.devices.length &&
    old.devices.every((d, i) => d.id === p.devices[i]!.id && sameKey(d.key, p.devices[i]!.key))
  )
    return;
  const oldTokens = new Set(old.devices.map((d) => deviceToken(d.id, d.key)));
  const newTokens = new Set(p.devices.map((d) => deviceToken(d.id, d.key)));
  for (const d of p.devices) if (!oldTokens.has(deviceToken(d.id, d.key))) diff.devicesAdded.push({ participant: p, device: d });
  for (const d of old.devices) if (!newTokens.has(deviceToken(d.id, d.key))) diff.devicesRemoved.push({ member: old, device: d });
}
