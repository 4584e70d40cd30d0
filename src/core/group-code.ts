// The QR payload of a whole-group safety number (docs/safety-numbers.md,
// "Group number QR code"): ASCII text, so it fits QR's compact alphanumeric
// mode (77 characters, a version 3 code at medium error correction):
//
//   KEYWATCH:GROUP:<version>:<60 digits>      version is 1
//
// The digits are the group number itself: everyone in the group shows the same
// code, so any two people can scan each other, in either direction.

import { constantTimeEqual, utf8 } from './encoding';

export const GROUP_CODE_PREFIX = 'KEYWATCH:GROUP:';
export const GROUP_CODE_VERSION = 1;

export type GroupCodeComparison =
  | { result: 'match' }
  | { result: 'mismatch' }
  | { result: 'version-mismatch'; ours: number; theirs: number }
  | { result: 'not-a-code'; reason: string };

export function encodeGroupCode(digits: string): string {
  if (!/^\d{60}$/.test(digits)) throw new RangeError('a group number is exactly 60 digits');
  return `${GROUP_CODE_PREFIX}${GROUP_CODE_VERSION}:${digits}`;
}

/** Compares a scanned group code with our group number. Never throws. */
export function compareGroupCode(ourDigits: string, scanned: unknown): GroupCodeComparison {
  if (typeof scanned !== 'string') return { result: 'not-a-code', reason: 'not a group code: expected text' };
  if (!scanned.startsWith(GROUP_CODE_PREFIX)) {
    return { result: 'not-a-code', reason: 'not a group code: it does not start with KEYWATCH:GROUP:' };
  }
  const match = /^(\d{1,9}):(.*)$/s.exec(scanned.slice(GROUP_CODE_PREFIX.length));
  if (!match) return { result: 'not-a-code', reason: 'not a group code: the version is missing' };
  const version = Number(match[1]);
  if (version !== GROUP_CODE_VERSION) return { result: 'version-mismatch', ours: GROUP_CODE_VERSION, theirs: version };
  if (!/^\d{60}$/.test(match[2]!)) return { result: 'not-a-code', reason: 'not a group code: expected 60 digits after the version' };
  if (!/^\d{60}$/.test(ourDigits)) return { result: 'not-a-code', reason: 'our group number is not 60 digits' };
  return constantTimeEqual(utf8(match[2]!), utf8(ourDigits)) ? { result: 'match' } : { result: 'mismatch' };
}
