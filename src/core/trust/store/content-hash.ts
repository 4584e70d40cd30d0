// Short content hashes for ids that must be derived from what they name:
// alert ids (the same condition gives the same id) and quarantine keys (the
// same damaged value is set aside once, however often it is found).

import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../encoding';

const encoder = new TextEncoder();

/** 128 bits of SHA-256, as 32 lowercase hex digits. */
export function contentHash(text: string): string {
  return toHex(sha256(encoder.encode(text)).subarray(0, 16));
}

/**
 * Hashes a list of strings without ambiguity: JSON escapes separators and,
 * since ES2019, lone surrogates, so two different lists never share an input.
 */
export function hashParts(parts: readonly string[]): string {
  return contentHash(JSON.stringify(parts));
}

/** JSON of any value, never throwing (cycles, BigInt, hostile getters). */
export function safeJson(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? `<${typeof value}>` : json;
  } catch (error) {
    return `<unserializable ${typeof value}: ${String(error)}>`;
  }
}

/**
 * A 32-bit hash of a text, for spreading items over buckets (roster chunks).
 * FNV-1a over UTF-16 code units, then the MurmurHash3 finalizer so that the
 * low bits (taken modulo a power of two) depend on every character. About a
 * hundred times cheaper than SHA-256, which matters for a thousand ids per
 * snapshot; placement needs no collision resistance, since a page chooses its
 * ids and could aim them at one bucket whatever the hash. Part of the storage
 * format: changing it would misplace every stored roster member.
 */
export function bucketHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
