// Short content hashes for ids that must be derived from what they name:
// alert ids (the same condition gives the same id) and quarantine keys (the
// same damaged value is set aside once, however often it is found).

import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../encoding';

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
