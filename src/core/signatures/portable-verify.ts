// The Ed25519 equation in JavaScript (@noble/curves), for where the browser's
// WebCrypto has no Ed25519 (Chrome before 137). Cofactorless, as libsignal,
// ed25519-dalek's verify_strict, BoringSSL and OpenSSL compute it: the encoding
// of [S]B - [k]A must be R, byte for byte, with k = SHA-512(R ‖ A ‖ M) mod ℓ.

import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../encoding';
import { littleEndianToBigInt } from '../keys';
import type { Ed25519Equation } from './strict-checks';

const Point = ed25519.Point;
const L = Point.Fn.ORDER;

/** Evaluates an equation the strict checks let through. Never throws. */
export function evaluatePortably({ key, message, signature }: Ed25519Equation): boolean {
  try {
    const r = signature.subarray(0, 32);
    const s = littleEndianToBigInt(signature.subarray(32, 64));
    const k = littleEndianToBigInt(sha512(concatBytes(r, key, message))) % L;
    const expected = Point.BASE.multiplyUnsafe(s).subtract(Point.fromBytes(key).multiplyUnsafe(k));
    return sameBytes(expected.toBytes(), r);
  } catch {
    return false;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
