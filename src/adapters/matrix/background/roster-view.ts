// Turns verified Matrix keys plus room membership into the messenger-neutral
// roster model. Every verdict here comes from KeyWatch's own verification
// (cross-signing.ts), never from the page. For safety numbers, a Matrix user's
// stable id is the UTF-8 user id and the identity key is the 32-byte master key.

import { toBase64 } from '../../../core/encoding';
import type { DeviceView, ParticipantView, PublicKeyRef } from '../../../core/roster';
import type { VerifiedUserKeys } from './cross-signing';
import type { Membership, RoomMember } from './members';
import { problemLine, quote } from './problems';

export interface ParticipantOptions {
  /** The account holder (the local side of every safety number). */
  isSelf: boolean;
  /**
   * Whether the client encrypts room keys to this member's devices. Defaults to
   * Element's behaviour: joined members always, invited members too unless the
   * room's history visibility is "joined" (then pass false for them).
   */
  encryptedTo?: boolean;
}

/** Members that belong in a roster: the ones the room shows and encrypts to. */
export const ROSTER_MEMBERSHIPS: ReadonlySet<Membership> = new Set(['join', 'invite']);

export function toParticipantView(keys: VerifiedUserKeys, member: RoomMember, options: ParticipantOptions): ParticipantView {
  const encryptedTo = options.encryptedTo ?? ROSTER_MEMBERSHIPS.has(member.membership);
  const base = {
    id: member.userId,
    name: member.displayName ?? member.userId,
    shown: ROSTER_MEMBERSHIPS.has(member.membership),
    isSelf: options.isSelf,
  };
  if (keys.userId !== member.userId) {
    // A caller bug, not a server fault: refuse to attach one user's keys to another.
    const problem = problemLine(quote(member.userId), `keys given are those of ${quote(keys.userId)}`);
    return { ...base, identityKey: null, identityProblem: problem, devices: [] };
  }
  const devices: DeviceView[] = keys.devices.map((device) => ({
    id: device.deviceId,
    key: device.ed25519Key === null ? null : ed25519Ref(device.ed25519Key),
    vouch: device.vouch,
    encryptedTo,
  }));
  // The roster model holds a key or a problem, never both. A sound master key with a
  // fault below it (a missing or unsigned self-signing key) is still the identity:
  // that fault shows in each device's verdict and in the snapshot's problems.
  if (keys.masterKeyBytes !== null) return { ...base, identityKey: ed25519Ref(keys.masterKeyBytes), identityProblem: null, devices };
  const problem =
    keys.identityProblems.length === 0 ? problemLine(quote(member.userId), 'no identity key') : keys.identityProblems.join('; ');
  return { ...base, identityKey: null, identityProblem: problem, devices };
}

/** Roster keys are standard padded base64 (Matrix writes them unpadded). */
function ed25519Ref(bytes: Uint8Array): PublicKeyRef {
  return { algorithm: 'ed25519', key: toBase64(bytes) };
}
