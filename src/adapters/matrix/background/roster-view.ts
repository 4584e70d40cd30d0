// Turns verified Matrix keys plus room membership into the messenger-neutral
// roster model. Every verdict here comes from KeyWatch's own verification
// (cross-signing.ts, kept as remembered-keys.ts), never from the page. For
// safety numbers, a Matrix user's stable id is the UTF-8 user id and the
// identity key is the 32-byte master key.

import { fromBase64, toBase64 } from '../../../core/encoding';
import type { DeviceView, ParticipantView, PublicKeyRef } from '../../../core/roster';
import type { VerifiedUserKeys } from './cross-signing';
import type { Membership, RoomMember } from './members';
import { problemLine, quote } from './problems';
import { rememberVerified, type RememberedDevice, type RememberedKeys } from './remembered-keys';

export interface ParticipantOptions {
  /** The account holder (the local side of every safety number). */
  isSelf: boolean;
  /**
   * Whether the client encrypts room keys to this member's devices. Defaults to
   * Element's behaviour: joined members always, invited members too unless the
   * room's history visibility is "joined" (then pass false for them).
   */
  encryptedTo?: boolean;
  /** This browser's own device (Element's mx_device_id): the sender, never encrypted to. */
  accountDevice?: string | null;
  /** MSC4153's "exclude insecure devices": the client encrypts only to devices their owner signed. */
  onlySigned?: boolean;
}

/** Members that belong in a roster: the ones the room shows and encrypts to. */
export const ROSTER_MEMBERSHIPS: ReadonlySet<Membership> = new Set(['join', 'invite']);

function base(member: RoomMember, options: ParticipantOptions) {
  return {
    id: member.userId,
    name: member.displayName ?? member.userId,
    shown: ROSTER_MEMBERSHIPS.has(member.membership),
    isSelf: options.isSelf,
  };
}

export function toParticipantView(keys: VerifiedUserKeys, member: RoomMember, options: ParticipantOptions): ParticipantView {
  if (keys.userId !== member.userId) {
    // A caller bug, not a server fault: refuse to attach one user's keys to another.
    const problem = problemLine(quote(member.userId), `keys given are those of ${quote(keys.userId)}`);
    return { ...base(member, options), identityKey: null, identityProblem: problem, devices: [] };
  }
  return rememberedParticipant(rememberVerified(keys, 0), member, options);
}

/** A member with the keys KeyWatch verified for them (now, or before and remembered). */
export function rememberedParticipant(keys: RememberedKeys, member: RoomMember, options: ParticipantOptions): ParticipantView {
  const memberEncrypted = options.encryptedTo ?? ROSTER_MEMBERSHIPS.has(member.membership);
  // A client drops a device whose own signature fails, or whose key is unusable: it never encrypts to it. One refused
  // only by KeyWatch's own checks it may keep (device-verification.ts).
  const encryptedTo = (d: RememberedDevice) =>
    memberEncrypted &&
    (d.keptByClient ?? (d.selfSigned && d.key !== null)) &&
    !(options.isSelf && d.id === options.accountDevice) &&
    !(options.onlySigned && d.vouch !== 'signed');
  const devices: DeviceView[] = keys.devices.map((d) => ({
    id: d.id,
    key: d.key === null ? null : ed25519Ref(d.key),
    vouch: d.vouch,
    encryptedTo: encryptedTo(d),
    ...(d.dehydrated ? { dehydrated: true } : {}),
  }));
  // The roster model holds a key or a problem, never both. A sound master key with a
  // fault below it (a missing or unsigned self-signing key) is still the identity:
  // that fault shows in each device's verdict and in the snapshot's problems.
  if (keys.masterKey !== null) return { ...base(member, options), identityKey: ed25519Ref(keys.masterKey), identityProblem: null, devices };
  const problem =
    keys.identityProblems.length === 0 ? problemLine(quote(member.userId), 'no identity key') : keys.identityProblems.join('; ');
  return {
    ...base(member, options),
    identityKey: null,
    identityProblem: problem.slice(0, 2000),
    ...(keys.identityPublished ? {} : { identityStatus: 'absent' as const }),
    devices,
  };
}

/** A member whose keys KeyWatch has not seen: shown, nothing checked, and why. */
export function uncheckedParticipant(member: RoomMember, reason: string, options: ParticipantOptions): ParticipantView {
  return { ...base(member, options), identityKey: null, identityProblem: reason, identityStatus: 'unchecked', devices: [] };
}

/** Roster keys are standard padded base64 (Matrix writes them unpadded). */
function ed25519Ref(unpadded: string): PublicKeyRef {
  return { algorithm: 'ed25519', key: toBase64(fromBase64(unpadded, 'forbidden')) };
}
