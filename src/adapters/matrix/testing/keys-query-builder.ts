// Builds signed /keys/query responses from deterministic keys, for unit tests.
// The differential test uses real keys from matrix-sdk-crypto instead; this
// builder exists to reach every branch quickly and reproducibly.

import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64, utf8 } from '../../../core/encoding';
import { signedBytes } from '../background/canonical-json';

export interface KeyPair {
  secret: Uint8Array;
  publicKey: Uint8Array;
  /** Unpadded base64 of the public key. */
  text: string;
}

type Json = Record<string, unknown>;

/** A key pair derived from a label, so tests are reproducible. */
export function keyPair(label: string): KeyPair {
  const secret = sha256(utf8(`keywatch test key: ${label}`));
  const publicKey = ed25519.getPublicKey(secret);
  return { secret, publicKey, text: toBase64(publicKey, false) };
}

/** Adds signer's signature (key id `keyId`) to `object`, over its canonical JSON. */
export function sign(object: Json, signer: string, keyId: string, key: KeyPair): Json {
  const signature = toBase64(ed25519.sign(signedBytes(object), key.secret), false);
  const signatures = (object.signatures ??= {}) as Record<string, Record<string, string>>;
  (signatures[signer] ??= {})[keyId] = signature;
  return object;
}

export function crossSigningKey(userId: string, usage: string, key: KeyPair): Json {
  return { user_id: userId, usage: [usage], keys: { [`ed25519:${key.text}`]: key.text } };
}

export function deviceKeys(userId: string, deviceId: string, key: KeyPair): Json {
  return {
    user_id: userId,
    device_id: deviceId,
    algorithms: ['m.olm.v1.curve25519-aes-sha2', 'm.megolm.v1.aes-sha2'],
    keys: {
      [`curve25519:${deviceId}`]: keyPair(`curve ${userId} ${deviceId}`).text,
      [`ed25519:${deviceId}`]: key.text,
    },
  };
}

export interface TestUser {
  userId: string;
  master: KeyPair;
  selfSigning: KeyPair;
  devices: Map<string, KeyPair>;
  /** master_keys, self_signing_keys and device_keys entries for this user. */
  response: { device_keys: Json; master_keys: Json; self_signing_keys: Json };
}

/**
 * An honest user: master key, self-signing key signed by it, and devices that
 * are self-signed and (unless listed in `unsignedDevices`) cross-signed.
 */
export function testUser(userId: string, deviceIds: string[], unsignedDevices: string[] = [], identitySeed = ''): TestUser {
  // identitySeed gives the same user (same device keys) another cross-signing identity.
  const master = keyPair(`${identitySeed}${userId} master`);
  const selfSigning = keyPair(`${identitySeed}${userId} self-signing`);
  const masterKey = sign(crossSigningKey(userId, 'master', master), userId, `ed25519:${master.text}`, master);
  const selfSigningKey = sign(crossSigningKey(userId, 'self_signing', selfSigning), userId, `ed25519:${master.text}`, master);
  const devices = new Map<string, KeyPair>();
  const userDevices: Json = {};
  for (const deviceId of deviceIds) {
    const key = keyPair(`${userId} device ${deviceId}`);
    devices.set(deviceId, key);
    const keys = sign(deviceKeys(userId, deviceId, key), userId, `ed25519:${deviceId}`, key);
    if (!unsignedDevices.includes(deviceId)) sign(keys, userId, `ed25519:${selfSigning.text}`, selfSigning);
    keys.unsigned = { device_display_name: `${deviceId}'s client` };
    // defineProperty, so a device named "__proto__" becomes an own member as JSON.parse would make it.
    Object.defineProperty(userDevices, deviceId, { value: keys, enumerable: true, writable: true, configurable: true });
  }
  return {
    userId,
    master,
    selfSigning,
    devices,
    response: {
      device_keys: { [userId]: userDevices },
      master_keys: { [userId]: masterKey },
      self_signing_keys: { [userId]: selfSigningKey },
    },
  };
}

/** Merges several users' entries into one response, as a homeserver would send it. */
export function responseOf(...users: TestUser[]): { device_keys: Json; master_keys: Json; self_signing_keys: Json; failures: Json } {
  const out = { device_keys: {} as Json, master_keys: {} as Json, self_signing_keys: {} as Json, failures: {} };
  for (const { response } of users) {
    Object.assign(out.device_keys, response.device_keys);
    Object.assign(out.master_keys, response.master_keys);
    Object.assign(out.self_signing_keys, response.self_signing_keys);
  }
  return structuredClone(out);
}

/** Flips one bit of an unpadded base64 signature, keeping it well-formed. */
export function corruptSignature(signature: string): string {
  const bytes = fromBase64(signature, 'forbidden');
  bytes[10]! ^= 0x01;
  return toBase64(bytes, false);
}

export interface DeviceOptions {
  /** Signed by the owner's self-signing key (default true). */
  crossSigned?: boolean;
  /** The device's own signature: valid (default), spoilt, or none. */
  selfSignature?: 'valid' | 'bad' | 'none';
  /** Says `dehydrated: true` in its signed keys (MSC3814). */
  dehydrated?: boolean;
}

/** `user` with one more device, signed as `options` say. */
export function withDevice(user: TestUser, deviceId: string, options: DeviceOptions = {}, label = deviceId): TestUser {
  const key = keyPair(`${user.userId} device ${label}`);
  const keys = deviceKeys(user.userId, deviceId, key);
  if (options.dehydrated) keys.dehydrated = true;
  if (options.selfSignature !== 'none') sign(keys, user.userId, `ed25519:${deviceId}`, key);
  if (options.crossSigned !== false) sign(keys, user.userId, `ed25519:${user.selfSigning.text}`, user.selfSigning);
  if (options.selfSignature === 'bad') {
    const own = (keys.signatures as Record<string, Record<string, string>>)[user.userId]!;
    own[`ed25519:${deviceId}`] = corruptSignature(own[`ed25519:${deviceId}`]!);
  }
  const devices = new Map(user.devices).set(deviceId, key);
  const response = structuredClone(user.response);
  (response.device_keys[user.userId] as Json)[deviceId] = keys;
  return { ...user, devices, response };
}

/** `user` without their cross-signing keys, as a user of an old client or a bridge publishes: devices signed only by themselves. */
export function withoutCrossSigning(user: TestUser): TestUser {
  const response = structuredClone(user.response);
  response.master_keys = {};
  response.self_signing_keys = {};
  for (const keys of Object.values(response.device_keys[user.userId] as Record<string, Json>)) {
    const signatures = keys.signatures as Record<string, Record<string, string>>;
    delete signatures[user.userId]![`ed25519:${user.selfSigning.text}`];
  }
  return { ...user, response };
}
