// Device keys and cross-signing keys made by the server: for accounts it makes
// itself (the admin API) and for attacks. Real keys, signed as a Matrix client
// signs them (spec, "Cross-signing"), with Node's Ed25519 and X25519.

import type { CrossSigningKey, DeviceKeys, KeyObject } from '../state/keys';
import { newAgreementKey, newSigningKey, signJson, type AgreementKey, type SigningKey } from './keys';

export const DEVICE_ALGORITHMS = ['m.olm.v1.curve25519-aes-sha2', 'm.megolm.v1.aes-sha2'];

export interface MadeDevice {
  deviceKeys: DeviceKeys;
  ed25519: SigningKey;
  curve25519: AgreementKey;
  /** A signed fallback key (signed_curve25519), so senders can open an Olm session to the device. */
  fallbackKey: Record<string, KeyObject>;
}

export interface MadeCrossSigning {
  master: CrossSigningKey;
  selfSigning: CrossSigningKey;
  userSigning: CrossSigningKey;
  keys: { master: SigningKey; selfSigning: SigningKey; userSigning: SigningKey };
}

/**
 * A device's keys, self-signed; `selfSignature: 'bad'` spoils the signature (a
 * device the real client drops); `extra` adds fields such as `dehydrated: true`.
 */
export function makeDevice(
  userId: string,
  deviceId: string,
  options: { displayName?: string; selfSignature?: 'valid' | 'bad'; extra?: Record<string, unknown> } = {},
): MadeDevice {
  const ed25519 = newSigningKey();
  const curve25519 = newAgreementKey();
  const deviceKeys: DeviceKeys = {
    user_id: userId,
    device_id: deviceId,
    algorithms: DEVICE_ALGORITHMS,
    keys: { [`curve25519:${deviceId}`]: curve25519.publicKey, [`ed25519:${deviceId}`]: ed25519.publicKey },
    ...options.extra,
  };
  signJson(deviceKeys, userId, deviceId, ed25519);
  if (options.selfSignature === 'bad') {
    const signature = deviceKeys.signatures![userId]![`ed25519:${deviceId}`]!;
    deviceKeys.signatures![userId]![`ed25519:${deviceId}`] = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  }
  if (options.displayName) deviceKeys.unsigned = { device_display_name: options.displayName };
  const fallbackKey = signJson({ key: newAgreementKey().publicKey, fallback: true }, userId, deviceId, ed25519);
  return { deviceKeys, ed25519, curve25519, fallbackKey: { 'signed_curve25519:AAAAAQ': fallbackKey } };
}

function crossSigningKey(userId: string, usage: string, key: SigningKey): CrossSigningKey {
  return { user_id: userId, usage: [usage], keys: { [`ed25519:${key.publicKey}`]: key.publicKey } };
}

/** A master key with self-signing and user-signing keys it signs. */
export function makeCrossSigning(userId: string): MadeCrossSigning {
  const keys = { master: newSigningKey(), selfSigning: newSigningKey(), userSigning: newSigningKey() };
  const master = crossSigningKey(userId, 'master', keys.master);
  const selfSigning = signJson(crossSigningKey(userId, 'self_signing', keys.selfSigning), userId, keys.master.publicKey, keys.master);
  const userSigning = signJson(crossSigningKey(userId, 'user_signing', keys.userSigning), userId, keys.master.publicKey, keys.master);
  return { master, selfSigning, userSigning, keys };
}

/** Adds the self-signing key's signature to a copy of a device's keys (cross-signs the device). */
export function crossSignDevice(device: DeviceKeys, selfSigning: SigningKey): DeviceKeys {
  return signJson(structuredClone(device), device.user_id, selfSigning.publicKey, selfSigning);
}
