// One device of a Matrix user, checked against the user's cross-signing identity.
// Cross-signed means: the device keys are well-formed and name this user and
// device, the device's own Ed25519 key signed them, and the user's verified
// self-signing key signed them too.
//
// Whether a client keeps the device (and encrypts to it) is judged apart, by
// what the client itself checks: a device KeyWatch refuses only by a check of
// its own (a limit, a key with a small-order component) is one the client may
// keep, and is judged as one someone can read with.

import * as v from 'valibot';
import { KeyError, parsePublicKey } from '../../../core/keys';
import type { DeviceVouch } from '../../../core/roster';
import type { Checks } from '../../../core/signatures/checks';
import { ed25519KeyId } from './identity';
import { parseEd25519KeyText } from './key-text';
import { isPlainObject } from '../shared/json';
import { DeviceKeysSchema, describeIssues, ownMember, type Signatures } from '../shared/keys-query-schema';
import { problemLine, quote } from './problems';
import { decodeEitherPadding, SignedObject } from './signatures';
import { wellFormedDeviceKeys, type WellFormedDeviceKeys } from './well-formed-keys';

export interface VerifiedDevice {
  deviceId: string;
  crossSigned: boolean;
  /**
   * signed: cross-signed as above. unsigned: no signature by the owner's verified
   * self-signing key (none, or only by other keys of theirs, such as one it
   * replaced). bad-signature: a signature by it that fails, signatures by the owner
   * when they have no verified self-signing key, a device signature that fails, or
   * device keys that name another user or device. invalid-key: no usable Ed25519
   * device key (or malformed keys).
   */
  vouch: DeviceVouch;
  /** The device's 32-byte Ed25519 key, when it is a valid key. */
  ed25519Key: Uint8Array | null;
  /**
   * The device's own signature is valid and its keys name this user and device.
   * A client (matrix-sdk-crypto) drops a device without it: it never encrypts to it.
   */
  selfSigned: boolean;
  /**
   * A client may keep the device and encrypt to it: it is self-signed, or refused here only by a check the client does
   * not make (clientMayKeep). Doubt counts as kept: whoever holds such a device may read.
   */
  keptByClient: boolean;
  /** The device says, in its signed keys, that it is a dehydrated device (MSC3814, `dehydrated: true`). */
  dehydrated: boolean;
  problems: string[];
}

export function verifyDevice(
  raw: unknown,
  userId: string,
  deviceId: string,
  selfSigningKey: Uint8Array | null,
  checks: Checks,
): VerifiedDevice {
  const problems: string[] = [];
  const report = (fault: string) => problems.push(problemLine(`${quote(userId)} device ${quote(deviceId)}`, fault));
  const result = (vouch: DeviceVouch, ed25519Key: Uint8Array | null = null, selfSigned = false, dehydrated = false): VerifiedDevice => {
    const keptByClient = selfSigned || clientMayKeep(raw, userId, deviceId, checks);
    if (keptByClient && !selfSigned) report('refused here by a check of KeyWatch alone: a client may keep it and encrypt to it');
    return { deviceId, crossSigned: vouch === 'signed', vouch, ed25519Key, selfSigned, keptByClient, dehydrated, problems };
  };

  const keys = wellFormedDeviceKeys(raw) ?? parseDeviceKeys(raw, report);
  if (keys === null) return result('invalid-key');
  const deviceKey = readDeviceKey(ownMember(keys.keys, `ed25519:${deviceId}`), checks, report);
  if (deviceKey === null) return result('invalid-key');

  let authentic = true;
  if (keys.user_id !== userId || keys.device_id !== deviceId) {
    report(`the keys are labelled as ${quote(keys.user_id)} device ${quote(keys.device_id)}`);
    authentic = false;
  }
  const signed = new SignedObject(raw, keys.signatures, checks);
  const ownKeyId = `ed25519:${deviceId}`;
  const own = signed.check(userId, ownKeyId, deviceKey);
  if (own.status === 'missing') report('carries no signature by its own device key');
  if (own.status === 'invalid') report(`device signature invalid: ${own.reason}`);
  authentic &&= own.status === 'valid';

  const vouch = crossSigningVouch(signed, userId, ownKeyId, selfSigningKey, report);
  // Signed by the device itself, so only trusted as far as the device is.
  const dehydrated = ownMember(keys as unknown as Record<string, unknown>, 'dehydrated') === true; // the object as served
  return result(authentic ? vouch : 'bad-signature', deviceKey, authentic, dehydrated);
}

/**
 * Whether a client could keep a device KeyWatch does not find self-signed: one it refused only by checks of its own.
 * A client (matrix-sdk-crypto) drops a device whose keys name another user or device, that has no Ed25519 key of its
 * own (32 bytes of base64) or one that is not a point of the curve of small order, or whose own signature is missing
 * or does not verify. Past KeyWatch's limits on size and shape, with a key that has a small-order component, or with
 * signed keys whose canonical form KeyWatch will not compute, the client may keep it: true.
 */
function clientMayKeep(raw: unknown, userId: string, deviceId: string, checks: Checks): boolean {
  if (!isPlainObject(raw) || ownMember(raw, 'user_id') !== userId || ownMember(raw, 'device_id') !== deviceId) return false;
  const ownKeyId = `ed25519:${deviceId}`;
  const keys = ownMember(raw, 'keys');
  const keyText = isPlainObject(keys) ? ownMember(keys, ownKeyId) : undefined;
  if (typeof keyText !== 'string') return false;
  let bytes: Uint8Array;
  try {
    bytes = decodeEitherPadding(keyText);
  } catch {
    return false;
  }
  let key: Uint8Array;
  try {
    key = parsePublicKey('ed25519', bytes, 'device', checks.point).publicKey;
  } catch (error) {
    // A point with a small-order component, or spelled another way, still decodes for a client.
    return error instanceof KeyError && (error.code === 'mixed-order' || error.code === 'non-canonical');
  }
  const signatures = ownMember(raw, 'signatures');
  const bySelf = isPlainObject(signatures) ? ownMember(signatures, userId) : undefined;
  const signature = isPlainObject(bySelf) ? ownMember(bySelf, ownKeyId) : undefined;
  if (typeof signature !== 'string') return false;
  // Only the device's own signature is read: the rest of `signatures` was not found well formed.
  const own = new SignedObject(raw, { [userId]: { [ownKeyId]: signature } } as Signatures, checks).check(userId, ownKeyId, key);
  return own.status === 'valid' || (own.status === 'invalid' && own.unjudged === true);
}

/** The schema's path, which describes what is wrong. */
function parseDeviceKeys(raw: unknown, report: (fault: string) => void): WellFormedDeviceKeys | null {
  const parsed = v.safeParse(DeviceKeysSchema, raw);
  if (parsed.success) return parsed.output;
  report(`malformed device keys (${describeIssues(parsed.issues)})`);
  return null;
}

function readDeviceKey(text: unknown, checks: Checks, report: (fault: string) => void): Uint8Array | null {
  if (typeof text !== 'string') {
    report('publishes no Ed25519 key under its own device id');
    return null;
  }
  try {
    return parseEd25519KeyText(text, 'device', checks.point);
  } catch (error) {
    report(`invalid Ed25519 device key (${(error as Error).message})`);
    return null;
  }
}

/** Whether the owner's self-signing key vouches for the device, ignoring the device's own signature. */
function crossSigningVouch(
  signed: SignedObject,
  userId: string,
  ownKeyId: string,
  selfSigningKey: Uint8Array | null,
  report: (fault: string) => void,
): DeviceVouch {
  if (selfSigningKey !== null) {
    const check = signed.check(userId, ed25519KeyId(selfSigningKey), selfSigningKey);
    if (check.status === 'valid') return 'signed';
    if (check.status === 'invalid') {
      report(`self-signing signature invalid: ${check.reason}`);
      return 'bad-signature';
    }
  }
  const others = signed.otherKeyIds(userId, [ownKeyId]);
  const signers = `${others.slice(0, 3).map(quote).join(', ')}${others.length > 3 ? ', …' : ''}`;
  if (others.length > 0 && selfSigningKey === null) {
    report(`signed by ${signers}, but the user has no verified self-signing key`);
    return 'bad-signature';
  }
  // Beside a verified self-signing key, another key's signature is most likely one it replaced (an identity reset):
  // servers keep such signatures and nothing lets a client remove them. The device is not signed by it, no worse.
  report(`not cross-signed by its owner${others.length > 0 ? `: signed by ${signers}, none of them the self-signing key` : ''}`);
  return 'unsigned';
}
