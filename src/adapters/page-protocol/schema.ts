// The valibot schema of a page-protocol v1 disclosure. It runs in the background
// on text the page controls, so every string and array is bounded and every
// message is short: parse.ts prefixes it with the path of the fault. Its rules
// are also read by fast-shape.ts, which accepts exactly what it accepts.
// Key bytes are only checked for spelling here (canonical padded base64, bounded
// length); whether they make a valid key is the background's verdict.

import * as v from 'valibot';
import { fromBase64 } from '../../core/encoding';
import { PAGE_PROTOCOL_LIMITS as LIMITS, PAGE_PROTOCOL_VERSION } from './protocol';

/**
 * Bound on the text of a key or signature: room for any wrong-length value a
 * buggy messenger might send (96 bytes), so it reaches the background and is
 * reported as an invalid key or signature; longer is refused whole.
 */
export const MAX_KEY_TEXT_LENGTH = 128;

// A lone surrogate: UTF-8 would turn it into U+FFFD, so two different ids could
// give the same safety-number input.
export const LONE_SURROGATE = /\p{Cs}/u;

/** C0 controls and DEL, refused in ids by the protocol. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit <= 0x1f || unit === 0x7f) return true;
  }
  return false;
}

export function isCanonicalBase64(text: string): boolean {
  try {
    fromBase64(text);
    return true;
  } catch {
    return false;
  }
}

/** Code points, as JSON Schema's maxLength counts them (UTF-16 units bound them from above). */
export function codePointsAtMost(text: string, max: number): boolean {
  if (text.length <= max) return true;
  if (text.length > 2 * max) return false;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A low surrogate right after a high one ends the same code point.
    const endsPair = unit >= 0xdc00 && unit <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1));
    if (!endsPair) count++;
  }
  return count <= max;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

const maxCodePoints = (max: number) => v.check((s: string) => codePointsAtMost(s, max), `longer than ${max} characters`);

const text = (max: number) => v.pipe(v.string('expected a string'), maxCodePoints(max));

const id = (max: number) =>
  v.pipe(
    v.string('expected a string'),
    v.minLength(1, 'empty'),
    maxCodePoints(max),
    v.check((s) => !hasControlCharacter(s), 'contains a control character'),
    v.check((s) => !LONE_SURROGATE.test(s), 'contains a lone surrogate'),
  );

const base64 = v.pipe(
  v.string('expected a string'),
  v.maxLength(MAX_KEY_TEXT_LENGTH, `longer than ${MAX_KEY_TEXT_LENGTH} characters`),
  v.check(isCanonicalBase64, 'not canonical base64'),
);

const keyAlgorithm = v.picklist(['ed25519', 'curve25519'], 'expected "ed25519" or "curve25519"');
const boolean = v.boolean('expected true or false');
// valibot's object() takes arrays too; a page's array is not an object here.
const notArray = v.custom<unknown>((input) => !Array.isArray(input), 'expected an object');
const object = <T extends v.ObjectEntries>(entries: T) => v.pipe(notArray, v.object(entries, 'expected an object'));
const array = <T extends v.GenericSchema>(item: T, max: number) =>
  v.pipe(v.array(item, 'expected an array'), v.maxLength(max, `more than ${max} entries`));

const publicKey = object({ algorithm: keyAlgorithm, key: base64 });

const device = object({
  id: id(LIMITS.maxDeviceIdLength),
  key: publicKey,
  signature: v.nullable(base64),
  encryptedTo: boolean,
});

const participant = object({
  id: id(LIMITS.maxParticipantIdLength),
  name: text(LIMITS.maxNameLength),
  identityKey: publicKey,
  shown: boolean,
  devices: array(device, LIMITS.maxDevicesPerParticipant),
});

const conversation = object({
  id: id(LIMITS.maxConversationIdLength),
  title: text(LIMITS.maxTitleLength),
  kind: v.picklist(['direct', 'group'], 'expected "direct" or "group"'),
});

export const disclosureSchema = object({
  version: v.literal(PAGE_PROTOCOL_VERSION, `expected ${PAGE_PROTOCOL_VERSION}`),
  messenger: text(LIMITS.maxMessengerLength),
  account: id(LIMITS.maxParticipantIdLength),
  accountDevice: v.optional(v.nullable(id(LIMITS.maxDeviceIdLength))),
  conversation: v.nullable(conversation),
  participants: array(participant, LIMITS.maxParticipants),
});

/** A disclosure that passed the schema; conversation may still be null. */
export type SchemaOutput = v.InferOutput<typeof disclosureSchema>;
