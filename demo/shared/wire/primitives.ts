// Schemas for the small values every Courier frame is made of.

import * as v from 'valibot';
import { fromBase64 } from '../../../src/core/encoding';
import { LIMITS, MESSAGE_ID_PATTERN, SERVER_ID_PATTERN, USER_ID_PATTERN } from '../limits';

// Control characters have no place in names or titles shown to people.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function decodesToLength(text: string, length: number): boolean {
  try {
    return fromBase64(text).length === length;
  } catch {
    return false;
  }
}

/** Standard padded base64 decoding to exactly `length` bytes. */
export const base64Bytes = (length: number) =>
  v.pipe(
    v.string(),
    v.maxLength(4 * Math.ceil(length / 3)),
    v.check((s) => decodesToLength(s, length), `expected standard padded base64 of ${length} bytes`),
  );

/** Standard padded base64 of at least one byte, at most `maxLength` characters. */
export const base64Text = (maxLength: number) =>
  v.pipe(
    v.string(),
    v.minLength(4),
    v.maxLength(maxLength),
    v.check((s) => {
      try {
        fromBase64(s);
        return true;
      } catch {
        return false;
      }
    }, 'expected standard padded base64'),
  );

export const publicKey32 = base64Bytes(32);
export const signature64 = base64Bytes(64);

export const userId = v.pipe(
  v.string(),
  v.regex(USER_ID_PATTERN, 'expected a user id: 1–32 of a-z 0-9 . _ - starting with a letter or digit'),
);
export const serverId = v.pipe(v.string(), v.regex(SERVER_ID_PATTERN, 'expected an id of 1–64 of A-Z a-z 0-9 . _ -'));
export const messageId = v.pipe(v.string(), v.regex(MESSAGE_ID_PATTERN, 'expected 32 lowercase hex digits'));

const boundedText = (max: number, min: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max * 2),
    v.check((s) => !CONTROL_CHARACTERS.test(s), 'control characters are not allowed'),
    v.check((s) => s.trim() === s, 'leading or trailing spaces are not allowed'),
    v.check((s) => codePointLength(s) >= min && codePointLength(s) <= max, `expected ${min}–${max} characters`),
  );

export const displayName = boundedText(LIMITS.nameLength, 1);
/** Group titles; direct conversations have the empty title. */
export const title = boundedText(LIMITS.titleLength, 0);

export const messageText = v.pipe(
  v.string(),
  v.check((s) => codePointLength(s.trim()) >= 1, 'a message needs some text'),
  v.check((s) => codePointLength(s) <= LIMITS.textLength, `at most ${LIMITS.textLength} characters`),
);

export const timestamp = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
export const sequence = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

/** One line per problem, each led by where it was found (e.g. `args.members.2`). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
