// Identity and device keys at the border: parse, validate, verify signatures.
// Everything a page hands us is hostile until checked here. Curve25519 keys are
// Montgomery u-coordinates (Signal's identity keys, 0x05 ‖ u); Ed25519 keys are
// compressed Edwards points (Matrix). Both are checked strictly: one encoding per
// key, on the curve, in the prime-order subgroup.

import { ed25519 } from '@noble/curves/ed25519.js';
import { toHex } from './encoding';
import type { KeyAlgorithm } from './roster';

export type KeyRole = 'identity' | 'device';

export type KeyErrorCode =
  'unknown-algorithm' | 'bad-encoding' | 'wrong-length' | 'bad-prefix' | 'non-canonical' | 'small-order' | 'mixed-order' | 'not-on-curve';

export class KeyError extends Error {
  override name = 'KeyError';
  constructor(
    readonly code: KeyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedKey {
  algorithm: KeyAlgorithm;
  role: KeyRole;
  /** The 32-byte point: the Montgomery u-coordinate, or the compressed Edwards point. */
  publicKey: Uint8Array;
  /**
   * The key as messengers serialize it, the input of safety numbers:
   * 0x05 ‖ u (33 bytes, Signal's form) for curve25519, the 32 bytes for ed25519.
   */
  serialized: Uint8Array;
}

/** Signal's type byte for a Curve25519 ("DJB") public key. */
export const CURVE25519_KEY_PREFIX = 0x05;

const Point = ed25519.Point;
const Fp = Point.Fp;
const P = Fp.ORDER;

// The u-coordinates of the points of order 1, 2, 4 and 8 (and of the twist's
// order-4 point, p - 1), as listed by libsodium. Any of them makes a
// Diffie-Hellman result predictable, so none is a real key.
const SMALL_ORDER_U = new Set<bigint>([
  0n,
  1n,
  P - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
]);

export function parseIdentityKey(algorithm: KeyAlgorithm, bytes: Uint8Array): ParsedKey {
  return parsePublicKey(algorithm, bytes, 'identity');
}

export function parseDeviceKey(algorithm: KeyAlgorithm, bytes: Uint8Array): ParsedKey {
  return parsePublicKey(algorithm, bytes, 'device');
}

export function parsePublicKey(algorithm: KeyAlgorithm, bytes: Uint8Array, role: KeyRole): ParsedKey {
  const fail = (code: KeyErrorCode, what: string): never => {
    throw new KeyError(code, `${role} key (${String(algorithm)}): ${what}`);
  };
  if (!(bytes instanceof Uint8Array)) fail('bad-encoding', 'not a byte array');
  if (algorithm === 'curve25519') {
    const u = curve25519Point(bytes, fail);

    const serialized = new Uint8Array(33);
    serialized[0] = CURVE25519_KEY_PREFIX;
    serialized.set(u, 1);
    return { algorithm, role, publicKey: u, serialized };
  }
  if (algorithm === 'ed25519') {
    checkEdwardsPoint(bytes, fail);
    return { algorithm, role, publicKey: bytes.slice(), serialized: bytes.slice() };
  }
  return fail('unknown-algorithm', 'expected curve25519 or ed25519');
}

type Fail = (code: KeyErrorCode, what: string) => never;

/** Returns the 32-byte u-coordinate of a valid Curve25519 key, 32 bytes or 0x05 ‖ 32 bytes. */
function curve25519Point(bytes: Uint8Array, fail: Fail): Uint8Array {
  let u = bytes;
  if (bytes.length === 33) {
    if (bytes[0] !== CURVE25519_KEY_PREFIX) {
      fail('bad-prefix', `33 bytes must start with 0x05, found 0x${bytes[0]!.toString(16).padStart(2, '0')}`);
    }
    u = bytes.subarray(1);
  } else if (bytes.length !== 32) {
    fail('wrong-length', `expected 32 bytes, or 33 starting with 0x05; got ${bytes.length}`);
  }
  checkPrimeOrder(montgomeryToEdwards(u, 0, fail), fail);
  return u.slice();
}

/**
 * Converts a Montgomery u-coordinate to the compressed Edwards point with the
 * given sign bit: y = (u - 1) / (u + 1). Rejects encodings that X25519 would
 * silently reduce (top bit set, u ≥ p), the small-order u values, and u values
 * on the quadratic twist, which no Edwards point matches.
 */
function montgomeryToEdwards(u: Uint8Array, signBit: number, fail: Fail): Uint8Array {
  if ((u[31]! & 0x80) !== 0) fail('non-canonical', 'the top bit of the u-coordinate is set');
  const uValue = littleEndianToBigInt(u);
  if (uValue >= P) fail('non-canonical', 'the u-coordinate is not reduced modulo 2^255 - 19');
  if (SMALL_ORDER_U.has(uValue)) fail('small-order', 'a point of small order is not a real key');
  const y = Fp.div(Fp.sub(uValue, 1n), Fp.add(uValue, 1n));
  const edwards = bigIntToLittleEndian(y);
  edwards[31]! |= signBit << 7;
  try {
    Point.fromBytes(edwards);
  } catch {
    fail('not-on-curve', 'the u-coordinate is on the quadratic twist, not on Curve25519');
  }
  return edwards;
}

function checkEdwardsPoint(bytes: Uint8Array, fail: Fail): void {
  if (bytes.length !== 32) fail('wrong-length', `expected 32 bytes, got ${bytes.length}`);
  const normed = bytes.slice();
  normed[31]! &= 0x7f;
  if (littleEndianToBigInt(normed) >= P) fail('non-canonical', 'the y-coordinate is not reduced modulo 2^255 - 19');
  if (!decodes(bytes)) {
    if (decodes(normed)) fail('non-canonical', 'x = 0 is encoded with its sign bit set');
    fail('not-on-curve', 'no point of Ed25519 has this y-coordinate');
  }
  checkPrimeOrder(bytes, fail);
}

// The subgroup check is a full scalar multiplication (about a millisecond), and
// the same keys come back with every roster: remember the ones that passed.
const PRIME_ORDER_CACHE_LIMIT = 4096;
const primeOrderPoints = new Set<string>();

/** Checks that a decodable compressed Edwards point lies in the prime-order subgroup. */
function checkPrimeOrder(edwards: Uint8Array, fail: Fail): void {
  const id = toHex(edwards);
  if (primeOrderPoints.has(id)) return;
  const point = Point.fromBytes(edwards);
  if (point.isSmallOrder()) fail('small-order', 'a point of small order is not a real key');
  if (!point.isTorsionFree()) fail('mixed-order', 'the point has a small-order component');
  if (primeOrderPoints.size >= PRIME_ORDER_CACHE_LIMIT) {
    primeOrderPoints.delete(primeOrderPoints.values().next().value!);
  }
  primeOrderPoints.add(id);
}

function decodes(bytes: Uint8Array): boolean {
  try {
    Point.fromBytes(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Verifies an Ed25519 signature as RFC 8032 strict (no ZIP-215 leniency), with
 * the public key held to parseDeviceKey's rules. Never throws: malformed input is
 * simply not a valid signature.
 */
export function verifyEd25519Strict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array) || signature.length !== 64) return false;
    parsePublicKey('ed25519', publicKey, 'device');
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * Verifies an XEdDSA signature made by a Curve25519 key, as libsignal does: the
 * Edwards form of the key takes its sign bit from the top bit of the signature's
 * last byte, which is then cleared to give an ordinary Ed25519 signature.
 * Stricter than libsignal in two ways: non-canonical or unsafe keys are refused,
 * and s must be reduced (s < ℓ). Never throws.
 */
export function verifyXEdDSA(curve25519PublicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array) || signature.length !== 64) return false;
    const { publicKey: u } = parsePublicKey('curve25519', curve25519PublicKey, 'identity');
    const signBit = signature[63]! >> 7;
    const edwardsKey = montgomeryToEdwards(u, signBit, (code, what) => {
      throw new KeyError(code, what);
    });
    const plain = signature.slice();
    plain[63]! &= 0x7f;
    return ed25519.verify(plain, message, edwardsKey, { zip215: false });
  } catch {
    return false;
  }
}

/** Little-endian bytes as an unsigned integer (curve scalars and field elements). */
export function littleEndianToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** The 32 little-endian bytes of an integer below 2^256. */
export function bigIntToLittleEndian(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}
