// The printed form of a public key: the one way KeyWatch shows a key, and the
// way docs/page-protocol.md asks messengers to show theirs, so a person can
// match the two by eye. It is the key's 32 bytes — the Ed25519 public key, or
// the X25519 u-coordinate without the 0x05 type byte of Signal's 33-byte
// serialization, so both spellings of one key print alike — as 64 lowercase hex
// digits in 16 groups of four, two lines of eight. The short form (in alerts
// and lists) is the first three groups and an ellipsis.

import { fromBase64, toHex } from './encoding';
import type { KeyAlgorithm, PublicKeyRef } from './roster';

export const PRINT_GROUP_DIGITS = 4;
export const PRINT_GROUPS_PER_LINE = 8;
export const SHORT_PRINT_GROUPS = 3;

/** The bytes that are printed: Signal's type byte is not part of the key. */
export function printedBytes(algorithm: KeyAlgorithm, bytes: Uint8Array): Uint8Array {
  return algorithm === 'curve25519' && bytes.length === 33 && bytes[0] === 0x05 ? bytes.subarray(1) : bytes;
}

/** The groups of four hex digits (16 for a 32-byte key). */
export function printGroups(algorithm: KeyAlgorithm, bytes: Uint8Array): string[] {
  return toHex(printedBytes(algorithm, bytes)).match(/.{1,4}/g) ?? [];
}

/** The printed form's lines: eight groups each, one space between groups. */
export function printLines(groups: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += PRINT_GROUPS_PER_LINE) lines.push(groups.slice(i, i + PRINT_GROUPS_PER_LINE).join(' '));
  return lines;
}

/** The groups of a key as KeyWatch stores it (standard padded base64); null when its text is not base64. */
export function printKey(key: PublicKeyRef): string[] | null {
  try {
    return printGroups(key.algorithm, fromBase64(key.key));
  } catch {
    return null;
  }
}

/** The short form, e.g. "8a3f 01c2 77de…"; the key's own text, cut, if it is not base64. */
export function shortPrint(key: PublicKeyRef): string {
  const groups = printKey(key);
  if (groups === null) return `${key.key.slice(0, 12)}…`;
  return `${groups.slice(0, SHORT_PRINT_GROUPS).join(' ')}…`;
}
