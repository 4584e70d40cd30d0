// Key pairs and JSON signatures with Node's own crypto (Ed25519 and X25519 in
// OpenSSL): about ten times faster than a JavaScript implementation, which is
// what lets the server make a 1,000-member room with real keys in a second or
// two. Keys travel in Matrix's unpadded standard base64.

import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { signedText } from './canonical-json';

export interface SigningKey {
  /** Unpadded base64 of the 32-byte public key. */
  publicKey: string;
  keyObject: KeyObject;
}

export interface AgreementKey {
  /** Unpadded base64 of the 32-byte public key. */
  publicKey: string;
  keyObject: KeyObject;
}

export type SignedObject = Record<string, unknown> & { signatures?: Record<string, Record<string, string>> };

export function unpaddedBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

// Keys never pass through JWK: in Node 20, exporting Ed25519 or X25519 keys as
// JWK now and then deadlocks the process (seen here about once in 20,000 keys).
// Public keys come out of key generation already in SPKI DER (the last 32
// bytes are the key); a secret is read from PKCS#8 DER, only when asked for.

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PUBLIC_DER = { publicKeyEncoding: { format: 'der', type: 'spki' } } as const;

/** Node returns the public part encoded and the private part as a KeyObject; its typings know only all-or-nothing. */
function keyPair(type: 'ed25519' | 'x25519'): { publicKey: Buffer; privateKey: KeyObject } {
  return generateKeyPairSync(type as 'ed25519', PUBLIC_DER as never) as unknown as { publicKey: Buffer; privateKey: KeyObject };
}

const rawPublicKey = (spki: Buffer) => unpaddedBase64(spki.subarray(-32));

export function newSigningKey(): SigningKey {
  const { publicKey, privateKey } = keyPair('ed25519');
  return { publicKey: rawPublicKey(publicKey), keyObject: privateKey };
}

export function newAgreementKey(): AgreementKey {
  const { publicKey, privateKey } = keyPair('x25519');
  return { publicKey: rawPublicKey(publicKey), keyObject: privateKey };
}

/** The 32-byte private key (an Ed25519 seed, or an X25519 scalar) in unpadded base64: what Matrix clients store. */
export function secretOf(key: SigningKey | AgreementKey): string {
  return unpaddedBase64(key.keyObject.export({ format: 'der', type: 'pkcs8' }).subarray(-32));
}

/** Signs `object` in place under `signatures[userId]["ed25519:" + keyName]`, and returns it. */
export function signJson<T extends SignedObject>(object: T, userId: string, keyName: string, key: SigningKey): T {
  const signature = unpaddedBase64(sign(null, Buffer.from(signedText(object)), key.keyObject));
  const signatures = (object.signatures ??= {});
  signatures[userId] = { ...signatures[userId], [`ed25519:${keyName}`]: signature };
  return object;
}

/** Whether `object` carries a valid signature by the Ed25519 `publicKey` under `signatures[userId]["ed25519:" + keyName]`. */
export function hasValidSignature(object: SignedObject, userId: string, keyName: string, publicKey: string): boolean {
  const signature = object.signatures?.[userId]?.[`ed25519:${keyName}`];
  if (typeof signature !== 'string') return false;
  try {
    const raw = Buffer.from(publicKey, 'base64');
    if (raw.length !== 32) return false;
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(signedText(object)), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
