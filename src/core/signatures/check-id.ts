// What a remembered check is known by: SHA-256 over exactly what was checked,
// with a label for the kind of check, so no two different checks share an id.
// A signature's id covers the scheme, the signer's key, the signature and the
// SHA-256 of the signed message; a key's id covers its algorithm and its bytes.
// Finding two inputs with one id is as hard as finding a SHA-256 collision.

import { sha256 } from '../sha256-wasm';
import type { KeyAlgorithm } from '../roster';
import type { SignatureRequest } from './signature-request';

// Short labels: a key's whole input fits one SHA-256 block.
const POINT_LABEL = new TextEncoder().encode('KeyWatch point 1\0');
const SIGNATURE_LABEL = new TextEncoder().encode('KeyWatch signature 1\0');
const ALGORITHM_BYTE: Record<KeyAlgorithm, number> = { curve25519: 1, ed25519: 2 };
const SCHEME_BYTE = { xeddsa: 1, ed25519: 2 } as const;

export const CHECK_ID_BYTES = 32;

/** The id of a key's point check (a 32-byte point, as PointCheck takes it). */
export function pointCheckId(algorithm: KeyAlgorithm, point: Uint8Array): Uint8Array {
  const input = new Uint8Array(POINT_LABEL.length + 1 + point.length);
  input.set(POINT_LABEL);
  input[POINT_LABEL.length] = ALGORITHM_BYTE[algorithm];
  input.set(point, POINT_LABEL.length + 1);
  return sha256(input);
}

/** The SHA-256 of a signed message, the part of a signature's id that covers it. */
export function messageDigest(message: Uint8Array): Uint8Array {
  return sha256(message);
}

/**
 * The id of a signature check, given the message's digest. Only for a request of
 * the right shape (a key of at most 255 bytes, a 64-byte signature): the key's
 * length is part of the input, so the fields cannot run into one another.
 */
export function signatureCheckId({ scheme, publicKey, signature }: SignatureRequest, digest: Uint8Array): Uint8Array {
  const head = SIGNATURE_LABEL.length + 2;
  const input = new Uint8Array(head + publicKey.length + signature.length + digest.length);
  input.set(SIGNATURE_LABEL);
  input[SIGNATURE_LABEL.length] = SCHEME_BYTE[scheme];
  input[SIGNATURE_LABEL.length + 1] = publicKey.length;
  input.set(publicKey, head);
  input.set(signature, head + publicKey.length);
  input.set(digest, head + publicKey.length + signature.length);
  return sha256(input);
}
