// Identity and device keys at the border: parse and validate (signatures made
// with them are checked in core/signatures/). Everything a page hands us is
// hostile until checked here. Curve25519 keys are Montgomery u-coordinates
// (Signal's identity keys, 0x05 ‖ u); Ed25519 keys are compressed Edwards points
// (Matrix). Both are checked strictly: one encoding per key, on the curve, in the
// prime-order subgroup.

import { ed25519 } from '@noble/curves/ed25519.js';
import { toHex } from './encoding';
import { createWasmPointCheck, type WasmPointCheck } from './point-check/point-check';
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
// Diffie-Hellman result predictable, so none is a real key. Kept as their
// little-endian bytes (as text, one character a byte) for a cheap lookup.
const SMALL_ORDER_U = new Set(
  [
    0n,
    1n,
    P - 1n,
    325606250916557431795983626356110631294008115727848805560023387167927233504n,
    39382357235489614581723060781553021112529911719440698176882885853963445705823n,
  ].map((u) => String.fromCharCode(...bigIntToLittleEndian(u))),
);

/**
 * The costly part of checking a key: decompressing the point (a field square
 * root) and the prime-order subgroup check (a scalar multiplication), a
 * millisecond or more in JavaScript. `point` is the 32-byte Montgomery u (for
 * curve25519) or the compressed Edwards point (for ed25519), already past the
 * cheap checks of parsePublicKey. Returns null for a valid point. It is a pure
 * function of its input, so a caller may remember or batch it (see
 * core/signatures/); `checkPointNow` computes it here and now.
 */
export type PointCheck = (algorithm: KeyAlgorithm, point: Uint8Array) => PointFault | null;

export interface PointFault {
  code: KeyErrorCode;
  /** What is wrong, as the end of a KeyError message. */
  what: string;
}

export function parseIdentityKey(algorithm: KeyAlgorithm, bytes: Uint8Array, checkPoint: PointCheck = checkPointNow): ParsedKey {
  return parsePublicKey(algorithm, bytes, 'identity', checkPoint);
}

export function parseDeviceKey(algorithm: KeyAlgorithm, bytes: Uint8Array, checkPoint: PointCheck = checkPointNow): ParsedKey {
  return parsePublicKey(algorithm, bytes, 'device', checkPoint);
}

export function parsePublicKey(
  algorithm: KeyAlgorithm,
  bytes: Uint8Array,
  role: KeyRole,
  checkPoint: PointCheck = checkPointNow,
): ParsedKey {
  const fail = (code: KeyErrorCode, what: string): never => {
    throw new KeyError(code, `${role} key (${String(algorithm)}): ${what}`);
  };
  if (!(bytes instanceof Uint8Array)) fail('bad-encoding', 'not a byte array');
  if (algorithm === 'curve25519') {
    const u = curve25519Point(bytes, fail);
    const fault = checkPoint(algorithm, u);
    if (fault) fail(fault.code, fault.what);
    const serialized = new Uint8Array(33);
    serialized[0] = CURVE25519_KEY_PREFIX;
    serialized.set(u, 1);
    return { algorithm, role, publicKey: u, serialized };
  }
  if (algorithm === 'ed25519') {
    if (bytes.length !== 32) fail('wrong-length', `expected 32 bytes, got ${bytes.length}`);
    if (!yBelowP(bytes)) fail('non-canonical', 'the y-coordinate is not reduced modulo 2^255 - 19');
    const fault = checkPoint(algorithm, bytes);
    if (fault) fail(fault.code, fault.what);
    return { algorithm, role, publicKey: bytes.slice(), serialized: bytes.slice() };
  }
  return fail('unknown-algorithm', 'expected curve25519 or ed25519');
}

type Fail = (code: KeyErrorCode, what: string) => never;

/**
 * The cheap checks of a Curve25519 key, 32 bytes or 0x05 ‖ 32 bytes: length,
 * prefix, an encoding X25519 would silently reduce (top bit set, u ≥ p), and
 * the small-order u values. Returns a copy of the 32-byte u.
 */
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
  if ((u[31]! & 0x80) !== 0) fail('non-canonical', 'the top bit of the u-coordinate is set');
  if (!yBelowP(u)) fail('non-canonical', 'the u-coordinate is not reduced modulo 2^255 - 19');
  if (SMALL_ORDER_U.has(String.fromCharCode(...u))) fail('small-order', 'a point of small order is not a real key');
  return u.slice();
}

/**
 * Is the 255-bit number in these 32 little-endian bytes (the top bit, an Edwards
 * sign bit, ignored) below p = 2^255 - 19? p is ed ff … ff 7f: only numbers
 * from p to 2^255 - 1 start (from the top) with 7f, thirty ff, then ed or more.
 */
export function yBelowP(bytes: Uint8Array): boolean {
  if ((bytes[31]! & 0x7f) !== 0x7f) return true;
  for (let i = 30; i >= 1; i--) if (bytes[i] !== 0xff) return true;
  return bytes[0]! < 0xed;
}

// The point checks are pure and the same keys come back with every roster:
// remember the last few thousand outcomes.
const POINT_CHECK_CACHE_LIMIT = 4096;
const pointChecks = new Map<string, PointFault | null>();

/** The costly checks of a key that passed the cheap ones, computed now (and remembered, bounded). */
export function checkPointNow(algorithm: KeyAlgorithm, point: Uint8Array): PointFault | null {
  const id = `${algorithm}:${toHex(point)}`;
  const known = pointChecks.get(id);
  if (known !== undefined) return known;
  const fault = pointCheckOf(pointEngine())(algorithm, point);
  if (pointChecks.size >= POINT_CHECK_CACHE_LIMIT) pointChecks.delete(pointChecks.keys().next().value!);
  pointChecks.set(id, fault);
  return fault;
}

/**
 * Two engines compute the point checks, with equal outcomes: WebAssembly
 * (core/point-check/, about ten times faster) where the runtime allows it,
 * else @noble/curves in JavaScript.
 */
export type PointEngine = 'wasm' | 'js';

let wasmCheck: WasmPointCheck | null | undefined;
function wasmPointCheck(): WasmPointCheck | null {
  if (wasmCheck === undefined) wasmCheck = createWasmPointCheck();
  return wasmCheck;
}

/** The engine checkPointNow uses here. */
export function pointEngine(): PointEngine {
  return wasmPointCheck() ? 'wasm' : 'js';
}

/** One engine's point check, not remembered (tests compare the engines with it). */
export function pointCheckOf(engine: PointEngine): PointCheck {
  const wasm = engine === 'wasm' ? wasmPointCheck() : null;
  if (!wasm) return (algorithm, point) => (algorithm === 'curve25519' ? checkMontgomeryPoint(point) : checkEdwardsPoint(point));
  return (algorithm, point) => {
    const code = algorithm === 'curve25519' ? wasm.montgomery(point) : wasm.edwards(point);
    return code === 0 ? null : POINT_FAULTS[code - 1]!;
  };
}

// Every fault the point check can find, so a remembered outcome (core/signatures/)
// and the WebAssembly engine can name one by its place here: append only.
const ON_TWIST: PointFault = { code: 'not-on-curve', what: 'the u-coordinate is on the quadratic twist, not on Curve25519' };
const NEGATIVE_ZERO: PointFault = { code: 'non-canonical', what: 'x = 0 is encoded with its sign bit set' };
const NO_SUCH_Y: PointFault = { code: 'not-on-curve', what: 'no point of Ed25519 has this y-coordinate' };
const SMALL_ORDER: PointFault = { code: 'small-order', what: 'a point of small order is not a real key' };
const MIXED_ORDER: PointFault = { code: 'mixed-order', what: 'the point has a small-order component' };
export const POINT_FAULTS: readonly PointFault[] = [ON_TWIST, NEGATIVE_ZERO, NO_SUCH_Y, SMALL_ORDER, MIXED_ORDER];

function checkMontgomeryPoint(u: Uint8Array): PointFault | null {
  const edwards = montgomeryToEdwards(u, 0);
  if (edwards === null) return ON_TWIST;
  return primeOrderFault(Point.fromBytes(edwards));
}

function checkEdwardsPoint(bytes: Uint8Array): PointFault | null {
  const point = decode(bytes);
  if (point === null) {
    const normed = bytes.slice();
    normed[31]! &= 0x7f;
    return decode(normed) !== null ? NEGATIVE_ZERO : NO_SUCH_Y;
  }
  return primeOrderFault(point);
}

/**
 * Converts a valid Montgomery u-coordinate to the compressed Edwards point with
 * the given sign bit: y = (u - 1) / (u + 1). Null when u is on the quadratic
 * twist, which no Edwards point matches. (The cheap checks of u come first.)
 */
export function montgomeryToEdwards(u: Uint8Array, signBit: number): Uint8Array | null {
  const edwards = edwardsFromMontgomery(u, signBit);
  return decode(edwards) === null ? null : edwards;
}

/**
 * The compressed Edwards point of a Montgomery u-coordinate, with the given
 * sign bit, unchecked: only for a u that passed the point check (then either
 * sign gives a valid point, one the negation of the other).
 */
export function edwardsFromMontgomery(u: Uint8Array, signBit: number): Uint8Array {
  const uValue = littleEndianToBigInt(u);
  const y = Fp.div(Fp.sub(uValue, 1n), Fp.add(uValue, 1n));
  const edwards = bigIntToLittleEndian(y);
  edwards[31]! |= signBit << 7;
  return edwards;
}

/** Small order, or a small-order component (a scalar multiplication by the group order). */
function primeOrderFault(point: InstanceType<typeof Point>): PointFault | null {
  if (point.isSmallOrder()) return SMALL_ORDER;
  if (!point.isTorsionFree()) return MIXED_ORDER;
  return null;
}

/** The point a strict (RFC 8032) decoder reads from 32 bytes, or null. */
function decode(bytes: Uint8Array): InstanceType<typeof Point> | null {
  try {
    return Point.fromBytes(bytes);
  } catch {
    return null;
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
