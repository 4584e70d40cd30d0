// Reads a disclosed key: decode the base64, then hold the bytes to the core's
// key rules. A failure is a verdict with a reason, never an exception.
// Readings are remembered (bounded): checking a point costs a scalar multiplication.

import { fromBase64 } from '../../core/encoding';
import { canonicalKeyRef } from '../../core/key-spelling';
import { KeyError, parseDeviceKey, parseIdentityKey, type KeyRole, type ParsedKey } from '../../core/keys';
import type { PublicKeyRef } from '../../core/roster';
import { BoundedMemo } from './bounded-memo';

/** `bytes`: as the page gave them (what a signature covers); `canonical`: the key's one spelling, to compare and store. */
export type KeyReading = { ok: true; parsed: ParsedKey; bytes: Uint8Array; canonical: PublicKeyRef } | { ok: false; problem: string };

const parsers = { identity: parseIdentityKey, device: parseDeviceKey } as const;

export const readings = new BoundedMemo<KeyReading>(20_000);

export function readKey(ref: PublicKeyRef, role: KeyRole): KeyReading {
  // Neither the algorithm names nor base64 contain "|".
  return readings.get(`${role}|${ref.algorithm}|${ref.key}`, () => {
    const bytes = decodeBase64(ref.key);
    if (!bytes) return { ok: false, problem: `${role} key: not canonical base64` };
    try {
      const parsed = parsers[role](ref.algorithm, bytes);
      return { ok: true, parsed, bytes, canonical: canonicalKeyRef(parsed) };
    } catch (error) {
      return { ok: false, problem: error instanceof KeyError ? error.message : `${role} key: unreadable` };
    }
  });
}

/** parse.ts already checked the spelling; checking again keeps this module safe on its own. */
export function decodeBase64(base64: string): Uint8Array | null {
  try {
    return fromBase64(base64);
  } catch {
    return null;
  }
}
