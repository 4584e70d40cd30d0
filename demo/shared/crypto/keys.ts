// Courier's keys: an Ed25519 identity key per user, an X25519 key per device,
// and the identity key's signature over each device key's 32 raw bytes.

import { ed25519, x25519 } from '@noble/curves/ed25519.js';

export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export function generateIdentityKeyPair(): KeyPair {
  const secretKey = ed25519.utils.randomSecretKey();
  return { publicKey: ed25519.getPublicKey(secretKey), secretKey };
}

export function identityKeyPairFromSecret(secretKey: Uint8Array): KeyPair {
  return { publicKey: ed25519.getPublicKey(secretKey), secretKey };
}

export function generateDeviceKeyPair(): KeyPair {
  const secretKey = x25519.utils.randomSecretKey();
  return { publicKey: x25519.getPublicKey(secretKey), secretKey };
}

export function deviceKeyPairFromSecret(secretKey: Uint8Array): KeyPair {
  return { publicKey: x25519.getPublicKey(secretKey), secretKey };
}

/** The identity key vouches for a device by signing the device key's 32 bytes, nothing else. */
export function signDeviceKey(identitySecret: Uint8Array, deviceKey: Uint8Array): Uint8Array {
  return ed25519.sign(deviceKey, identitySecret);
}

/** A usable Ed25519 public key: canonical encoding, not of small or mixed order. */
export function isUsableIdentityKey(key: Uint8Array): boolean {
  if (key.length !== 32) return false;
  try {
    const point = ed25519.Point.fromBytes(key);
    return !point.isSmallOrder() && point.isTorsionFree();
  } catch {
    return false;
  }
}

/** Strict Ed25519 verification (no ZIP-215 leniency). The honest server uses it when a device is linked. */
export function verifySignature(identityKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!isUsableIdentityKey(identityKey) || signature.length !== 64) return false;
  try {
    return ed25519.verify(signature, message, identityKey, { zip215: false });
  } catch {
    return false;
  }
}

export function signMessage(identitySecret: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(message, identitySecret);
}

// A clamped X25519 scalar is a multiple of 8, so the product is zero exactly for
// small-order points; noble throws on a zero shared secret.
const PROBE_SCALAR = new Uint8Array(32).fill(7);

/** A device key one can encrypt to: 32 bytes, not a small-order point. */
export function isUsableDeviceKey(key: Uint8Array): boolean {
  if (key.length !== 32) return false;
  try {
    x25519.getSharedSecret(PROBE_SCALAR, key);
    return true;
  } catch {
    return false;
  }
}
