// The rules every signature meets before any verification equation is
// evaluated, in KeyWatch's own code, whichever implementation then evaluates it:
// - the key is canonical, on the curve and in the prime-order subgroup (the key
//   rules of core/keys.ts: small-order and mixed-order keys are refused);
// - R is canonically encoded (y < p, and x = 0 never with its sign bit set) and
//   is not a point of small order;
// - S is reduced (S < ℓ).
// What passes is an ordinary Ed25519 verification (for XEdDSA, with the key
// converted to its Edwards form, as libsignal does) that any RFC 8032
// implementation computing the cofactorless equation [S]B = R + [k]A decides
// identically: with A of prime order, [S]B - [k]A has prime order, so an R with
// a small-order component (small or mixed order) never satisfies it, and
// implementations that differ on such R (cofactored ones accept some) cannot
// differ here. ZIP-215's leniency is never applied.

import { bigIntToLittleEndian, edwardsFromMontgomery, parsePublicKey, yBelowP, type PointCheck } from '../keys';
import type { SignatureRequest } from './signature-request';

/** An Ed25519 verification every strict rule has passed: only the equation is left. */
export interface Ed25519Equation {
  /** The compressed Edwards point of the key. */
  key: Uint8Array;
  message: Uint8Array;
  /** R ‖ S, 64 bytes (for XEdDSA, with the sign bit of the key cleared from the last byte). */
  signature: Uint8Array;
}

const P = (1n << 255n) - 19n;
/** ℓ, the order of the prime-order subgroup, as 32 little-endian bytes. */
const L_BYTES = bigIntToLittleEndian((1n << 252n) + 27742317777372353535851937790883648493n);
/**
 * The y-coordinates of the eight points of small order (identity, order 2,
 * the two of order 4 and the four of order 8); each x is then fixed by the
 * sign bit. As little-endian bytes, one character a byte.
 */
const Y_OF_ORDER_8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;
const asText = (n: bigint) => String.fromCharCode(...bigIntToLittleEndian(n));
const SMALL_ORDER_Y = new Set([1n, P - 1n, 0n, Y_OF_ORDER_8, P - Y_OF_ORDER_8].map(asText));
/** The y of the identity and of the point of order 2, the two points with x = 0. */
const X_ZERO_Y = new Set([1n, P - 1n].map(asText));

/** The equation left to evaluate, or null when a strict rule refuses the signature. Never throws. */
export function strictEquation(request: SignatureRequest, checkPoint: PointCheck): Ed25519Equation | null {
  try {
    const { publicKey, message, signature } = request;
    if (!(message instanceof Uint8Array) || !(signature instanceof Uint8Array) || signature.length !== 64) return null;
    let equation: Ed25519Equation;
    if (request.scheme === 'ed25519') {
      equation = { key: parsePublicKey('ed25519', publicKey, 'device', checkPoint).publicKey, message, signature };
    } else if (request.scheme === 'xeddsa') {
      // The Edwards key takes its sign bit from the top bit of the signature's
      // last byte, which is then cleared to give an ordinary Ed25519 signature.
      const u = parsePublicKey('curve25519', publicKey, 'identity', checkPoint).publicKey;
      const plain = signature.slice();
      plain[63]! &= 0x7f;
      equation = { key: edwardsFromMontgomery(u, signature[63]! >> 7), message, signature: plain };
    } else {
      return null;
    }
    return acceptableR(equation.signature) && reducedS(equation.signature) ? equation : null;
  } catch {
    return null;
  }
}

function acceptableR(signature: Uint8Array): boolean {
  const y = signature.slice(0, 32);
  const signBit = y[31]! >> 7;
  y[31]! &= 0x7f;
  if (!yBelowP(y)) return false;
  const yText = String.fromCharCode(...y);
  // x = 0 (the identity and the point of order 2) is only canonical with sign 0; both are of small order anyway.
  return !SMALL_ORDER_Y.has(yText) && !(X_ZERO_Y.has(yText) && signBit === 1);
}

/** S < ℓ, comparing the little-endian bytes from the top. */
function reducedS(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i]!;
    if (s !== L_BYTES[i]) return s < L_BYTES[i]!;
  }
  return false;
}
