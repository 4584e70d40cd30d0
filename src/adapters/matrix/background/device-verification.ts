// One device of a Matrix user, checked against the user's cross-signing identity.
// Cross-signed means: the device keys are well-formed and name this user and
// device, the device's own Ed25519 key signed them, and the user's verified
// self-signing key signed them too.

import * as v from 'valibot';
import type { DeviceVouch } from '../../../core/roster';
import type { Checks } from '../../../core/signatures/checks';
import { ed25519KeyId } from './identity';
import { parseEd25519KeyText } from './key-text';
import { DeviceKeysSchema, describeIssues, ownMember } from '../shared/keys-query-schema';
import { problemLine, quote } from './problems';
import { SignedObject } from './signatures';
import { wellFormedDeviceKeys, type WellFormedDeviceKeys } from './well-formed-keys';

export interface VerifiedDevice {
  deviceId: string;
  crossSigned: boolean;
  /**
   * signed: cross-signed as above. unsigned: no signature by the owner beyond the
   * device's own. bad-signature: a signature that fails, one by a key that is not
   * the owner's verified self-signing key, or device keys that name another
   * user or device. invalid-key: no usable Ed25519 device key (or malformed keys).
   */
  vouch: DeviceVouch;
  /** The device's 32-byte Ed25519 key, when it is a valid key. */
  ed25519Key: Uint8Array | null;
  /**
   * The device's own signature is valid and its keys name this user and device.
   * A client (matrix-sdk-crypto) drops a device without it: it never encrypts to it.
   */
  selfSigned: boolean;
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
  const result = (vouch: DeviceVouch, ed25519Key: Uint8Array | null = null, selfSigned = false, dehydrated = false): VerifiedDevice => ({
    deviceId,
    crossSigned: vouch === 'signed',
    vouch,
    ed25519Key,
    selfSigned,
    dehydrated,
    problems,
  });

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
  if (others.length > 0) {
    const what = selfSigningKey === null ? 'the user has no verified self-signing key' : 'none is the self-signing key';
    report(`signed by ${others.slice(0, 3).map(quote).join(', ')}${others.length > 3 ? ', …' : ''}, but ${what}`);
    return 'bad-signature';
  }
  report('not cross-signed by its owner');
  return 'unsigned';
}
