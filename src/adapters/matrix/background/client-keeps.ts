// What the client goes on encrypting to after a /keys/query response, as
// matrix-sdk-crypto (Element's crypto) applies one over what it already holds:
// - a user's devices are replaced only when the response lists them
//   (`device_keys` names the user); otherwise they stay as they were;
// - a device listed again in a form the client refuses (a spoilt
//   self-signature, another user's name, not an object) keeps the copy it
//   had, which it goes on encrypting to;
// - an identity the response leaves out (no `master_keys` for the user) stays
//   the one it had.
// A verdict made from one response alone would take those devices as gone or
// refused: a server could show a ghost device once (while the room is not open)
// and then hide it from KeyWatch, not from the client. So each user's new
// verdict is laid over the one kept before, the same way.

import type { RememberedDevice, RememberedKeys } from './remembered-keys';

/** Which of a user's key maps a response named them in (the user's part, as usersOfKeysQuery makes it). */
export interface ListedKeyMaps {
  devices: boolean;
  identity: boolean;
}

/** What a user's part of a response lists, read from its JSON text; null when it is not a JSON object. */
export function listedKeyMapsOf(part: string): ListedKeyMaps | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(part);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  return { devices: Object.hasOwn(parsed, 'device_keys'), identity: Object.hasOwn(parsed, 'master_keys') };
}

/** A device the client keeps (and encrypts to). Verdicts kept before `keptByClient` was recorded: self-signed with a key. */
export const keptByClient = (device: RememberedDevice) => device.keptByClient ?? (device.selfSigned && device.key !== null);

/**
 * The verdict on a user after this response, as the client holds their keys: `next`, made from the response alone,
 * laid over `before`, the verdict kept until now. A device carried from before is vouched for as it was only while
 * the identity is the same one; under another identity it is not signed by it.
 */
export function asClientKeeps(before: RememberedKeys | undefined, next: RememberedKeys, listed: ListedKeyMaps): RememberedKeys {
  if (before === undefined || before.oversized !== null || next.oversized !== null) return next;
  const identityKept = !listed.identity && before.masterKey !== null;
  const identity = identityKept
    ? {
        identityPublished: before.identityPublished,
        masterKey: before.masterKey,
        selfSigningKey: before.selfSigningKey,
        identityProblems: before.identityProblems,
      }
    : {
        identityPublished: next.identityPublished,
        masterKey: next.masterKey,
        // None verified now under the same master key: the client goes on with the one it had.
        selfSigningKey: next.selfSigningKey ?? (next.masterKey === before.masterKey ? before.selfSigningKey : next.selfSigningKey),
        identityProblems: next.identityProblems,
      };
  // The same master key with another self-signing key (a rotation) vouches no longer for what the old one signed: the
  // client counts a device as its owner's only by the current one. A response that verifies none leaves the one kept,
  // as the client keeps its identity; a verdict kept before the key was recorded is judged by the master key alone.
  const rotated = identity.selfSigningKey != null && before.selfSigningKey != null && identity.selfSigningKey !== before.selfSigningKey;
  const sameIdentity = identity.masterKey !== null && identity.masterKey === before.masterKey && !rotated;
  const carried = (device: RememberedDevice): RememberedDevice =>
    sameIdentity || device.vouch !== 'signed' ? device : { ...device, vouch: 'unsigned' };
  const beforeById = new Map(before.devices.map((device) => [device.id, device]));
  let devices: RememberedDevice[];
  if (!listed.devices) devices = before.devices.map(carried);
  else
    devices = next.devices.map((device) => {
      const had = beforeById.get(device.id);
      return !keptByClient(device) && had !== undefined && keptByClient(had) ? carried(had) : device;
    });
  // Devices of the new verdict vouched for by an identity the response left out: judged again against the one kept.
  if (identityKept && listed.devices)
    devices = devices.map((device) => {
      const had = beforeById.get(device.id);
      return had !== undefined && had.key === device.key && keptByClient(had) ? had : device;
    });
  const unchanged =
    identity.masterKey === next.masterKey &&
    identity.selfSigningKey === next.selfSigningKey &&
    devices.every((device, at) => device === next.devices[at]);
  return unchanged && devices.length === next.devices.length ? next : { ...next, ...identity, devices };
}
