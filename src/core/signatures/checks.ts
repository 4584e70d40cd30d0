// The two costly checks of everything a page or a server hands KeyWatch: is a
// key a valid point, and does a signature verify. Adapters take them as a
// `Checks` parameter, so the same code runs with checks computed on the spot
// (`checksNow`, synchronous: tests, and any caller without a batch) or answered
// from a batch computed beforehand (deferred-checks.ts: remembered verdicts,
// WebCrypto), with identical verdicts.

import { checkPointNow, type PointCheck } from '../keys';
import { exactRequestKey } from './request-key';
import { evaluatePortably } from './portable-verify';
import type { SignatureRequest } from './signature-request';
import { strictEquation } from './strict-checks';

export interface Checks {
  /** The costly part of parsing a key (see PointCheck in core/keys.ts). */
  point: PointCheck;
  /** Whether the signature verifies: every strict rule, then the equation. */
  signature(request: SignatureRequest): boolean;
  /**
   * Room for work derived from the input objects alone (a signed object's
   * canonical bytes), shared by the runs of one batch over the same input.
   */
  readonly scratch?: WeakMap<object, unknown>;
  /**
   * How many answers so far were provisional ("valid" for a check still to be
   * made, in a batch's first run): a result computed while it did not grow is
   * final. Absent or 0 when every answer is final.
   */
  readonly provisionalAnswers?: number;
}

/** Checks computed here and now, in JavaScript. */
export const checksNow: Checks = {
  point: checkPointNow,
  signature: (request) => verifyNow(request),
};

// The same signatures come back with every roster: remember the last few
// thousand verdicts, by everything they cover.
const VERDICT_CACHE_LIMIT = 4096;
const verdicts = new Map<string, boolean>();

function verifyNow(request: SignatureRequest): boolean {
  const id = exactRequestKey(request);
  const known = id === null ? undefined : verdicts.get(id);
  if (known !== undefined) return known;
  const equation = strictEquation(request, checkPointNow);
  const verdict = equation !== null && evaluatePortably(equation);
  if (id === null) return verdict;
  if (verdicts.size >= VERDICT_CACHE_LIMIT) verdicts.delete(verdicts.keys().next().value!);
  verdicts.set(id, verdict);
  return verdict;
}

/** Strict Ed25519 (see strict-checks.ts), with the public key held to parseDeviceKey's rules. Never throws. */
export function verifyEd25519Strict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  return verifyNow({ scheme: 'ed25519', publicKey, message, signature });
}

/**
 * XEdDSA by a Curve25519 key, as libsignal verifies it, and stricter in three
 * ways: non-canonical or unsafe keys are refused, S must be reduced (S < ℓ),
 * and R may not be a point of small order. Never throws.
 */
export function verifyXEdDSA(curve25519PublicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  return verifyNow({ scheme: 'xeddsa', publicKey: curve25519PublicKey, message, signature });
}
