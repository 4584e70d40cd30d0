// Signatures no honest signer makes, crafted by the holder of a secret key:
// they satisfy one verification equation and not another, or break an
// encoding rule, so tests can show where implementations part and that
// KeyWatch's paths never do.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../../encoding';
import { littleEndianToBigInt } from '../../keys';

const Point = ed25519.Point;
const L = Point.Fn.ORDER;
const P = Point.Fp.ORDER;

/** A point of order 8 (canonical encoding). */
export const ORDER_8_POINT = Point.fromBytes(
  Uint8Array.from([
    0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39,
    0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
  ]),
);

export interface Signer {
  /** The secret scalar a (the public key is [a]B). */
  scalar: bigint;
  publicKey: Uint8Array;
}

/** An Ed25519 signer from a 32-byte seed, as RFC 8032 derives it. */
export function ed25519Signer(seed: Uint8Array): Signer {
  const { scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(seed);
  return { scalar, publicKey: pointBytes };
}

/** R ‖ S with S = r + k·a, for any R the caller encodes (k = SHA-512(R ‖ A ‖ M) mod ℓ). */
function signWithR(signer: Signer, message: Uint8Array, rBytes: Uint8Array, r: bigint): Uint8Array {
  const k = littleEndianToBigInt(sha512(concatBytes(rBytes, signer.publicKey, message))) % L;
  return concatBytes(rBytes, Point.Fn.toBytes((r + k * signer.scalar) % L));
}

const nonce = (message: Uint8Array) => (littleEndianToBigInt(sha512(concatBytes(Uint8Array.of(1), message))) % (L - 1n)) + 1n;

/** An honest signature. */
export function honestSignature(signer: Signer, message: Uint8Array): Uint8Array {
  const r = nonce(message);
  return signWithR(signer, message, Point.BASE.multiply(r).toBytes(), r);
}

/** R = [r]B + T with T of order 8: the cofactored equation holds, the cofactorless one does not. */
export function mixedOrderR(signer: Signer, message: Uint8Array): Uint8Array {
  const r = nonce(message);
  return signWithR(signer, message, Point.BASE.multiply(r).add(ORDER_8_POINT).toBytes(), r);
}

/** R = the identity (r = 0, S = k·a): both equations hold; R is of small order. */
export function identityR(signer: Signer, message: Uint8Array): Uint8Array {
  return signWithR(signer, message, Point.ZERO.toBytes(), 0n);
}

/** The identity as R, spelled y = 1 + p (not canonical); S = k·a over those bytes. */
export function nonCanonicalR(signer: Signer, message: Uint8Array): Uint8Array {
  const y = 1n + P;
  const rBytes = Uint8Array.from({ length: 32 }, (_, i) => Number((y >> BigInt(8 * i)) & 0xffn));
  return signWithR(signer, message, rBytes, 0n);
}

/** An honest signature with S + ℓ in place of S (the same point, an unreduced scalar). */
export function unreducedS(signer: Signer, message: Uint8Array): Uint8Array {
  const signature = honestSignature(signer, message);
  const s = littleEndianToBigInt(signature.subarray(32)) + L;
  return concatBytes(
    signature.subarray(0, 32),
    Uint8Array.from({ length: 32 }, (_, i) => Number((s >> BigInt(8 * i)) & 0xffn)),
  );
}
