// The shapes KeyWatch reads from a Matrix /keys/query response, as valibot
// schemas. Only structure and sizes are checked here; keys and signatures are
// checked cryptographically in cross-signing.ts.
//
// Maps keyed by device id are never validated with v.record: valibot's record
// silently drops the keys "__proto__", "prototype" and "constructor", and a
// device may be named that. Such maps are walked with Object.keys instead.

import * as v from 'valibot';
import { isPlainObject } from './json';
import {
  MAX_ID_LENGTH,
  MAX_KEY_ID_LENGTH,
  MAX_KEY_TEXT_LENGTH,
  MAX_KEYS_PER_OBJECT,
  MAX_LIST_ENTRIES,
  MAX_NAME_LENGTH,
  MAX_SIGNATURES_PER_SIGNER,
  MAX_SIGNERS,
} from './limits';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `longer than ${max} characters`));
const id = v.pipe(text(MAX_ID_LENGTH), v.minLength(1, 'empty'));

/** A JSON object (not an array, not a class instance) with at most `max` entries. */
export function jsonObject(max: number) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'expected a JSON object'),
    v.check((object) => countKeysUpTo(object, max + 1) <= max, `more than ${max} entries`),
  );
}

/** A bounded JSON object whose keys never collide with valibot's dropped names (key ids, user ids). */
function boundedRecord<T extends v.GenericSchema>(max: number, key: v.GenericSchema<string>, value: T) {
  return v.pipe(jsonObject(max), v.record(key, value));
}

const list = v.pipe(v.array(text(MAX_NAME_LENGTH)), v.maxLength(MAX_LIST_ENTRIES, `more than ${MAX_LIST_ENTRIES} entries`));
const keyMap = boundedRecord(MAX_KEYS_PER_OBJECT, text(MAX_KEY_ID_LENGTH), text(MAX_KEY_TEXT_LENGTH));

/** signatures: { <user id>: { <key id>: <unpadded base64 signature> } } */
export const SignaturesSchema = boundedRecord(
  MAX_SIGNERS,
  text(MAX_ID_LENGTH),
  boundedRecord(MAX_SIGNATURES_PER_SIGNER, text(MAX_KEY_ID_LENGTH), text(MAX_KEY_TEXT_LENGTH)),
);
export type Signatures = v.InferOutput<typeof SignaturesSchema>;

/** One entry of device_keys[user][device]. Unknown members are kept: they are signed too. */
export const DeviceKeysSchema = v.looseObject({
  user_id: id,
  device_id: id,
  algorithms: list,
  keys: keyMap,
  signatures: SignaturesSchema,
});

/** master_keys[user] and self_signing_keys[user]. */
export const CrossSigningKeySchema = v.looseObject({
  user_id: id,
  usage: list,
  keys: keyMap,
  signatures: v.optional(SignaturesSchema),
});
export type CrossSigningKey = v.InferOutput<typeof CrossSigningKeySchema>;

/** The top level: only the three maps KeyWatch reads are checked, and only for being objects. */
export const KeysQueryResponseSchema = v.looseObject({
  device_keys: v.optional(v.custom<Record<string, unknown>>(isPlainObject, 'device_keys: expected a JSON object')),
  master_keys: v.optional(v.custom<Record<string, unknown>>(isPlainObject, 'master_keys: expected a JSON object')),
  self_signing_keys: v.optional(v.custom<Record<string, unknown>>(isPlainObject, 'self_signing_keys: expected a JSON object')),
});
export type KeysQueryResponse = v.InferOutput<typeof KeysQueryResponseSchema>;

/** The own member `key` of `map`, never an inherited one. */
export function ownMember(map: Record<string, unknown> | undefined, key: string): unknown {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Counts own enumerable keys, stopping at `stop` so a huge object costs little. */
function countKeysUpTo(object: object, stop: number): number {
  let n = 0;
  for (const key in object) {
    if (Object.hasOwn(object, key) && ++n >= stop) break;
  }
  return n;
}

/** One line describing why valibot refused a value, with the path to the fault. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (first === undefined) return 'malformed';
  const path = (first.path ?? []).map((item) => String(item.key as string | number).slice(0, 64)).join('.');
  return path ? `${path}: ${first.message}` : first.message;
}
