// A fast way through the shape checks of keys-query-schema.ts for what is
// well formed, which is almost everything a homeserver sends: a hand-written
// walk that accepts only objects the valibot schemas accept, and hands them on
// as they are. Anything it does not accept goes through valibot as before, so
// every fault is still described the same way. A 1,000-user response has
// 5,000 such objects, and valibot's copies of each were a third of the time
// taken to verify it again. well-formed-keys.test.ts holds the two to the same
// verdicts on fuzzed objects.

import { isPlainObject } from '../shared/json';
import type { CrossSigningKey } from '../shared/keys-query-schema';
import {
  MAX_ID_LENGTH,
  MAX_KEY_ID_LENGTH,
  MAX_KEY_TEXT_LENGTH,
  MAX_KEYS_PER_OBJECT,
  MAX_LIST_ENTRIES,
  MAX_NAME_LENGTH,
  MAX_SIGNATURES_PER_SIGNER,
  MAX_SIGNERS,
} from '../shared/limits';

/** valibot's record leaves these keys out of its output: such an object takes the slow path. */
const DROPPED_BY_RECORD = new Set(['__proto__', 'prototype', 'constructor']);

const text = (value: unknown, max: number) => typeof value === 'string' && value.length <= max;
const id = (value: unknown) => text(value, MAX_ID_LENGTH) && (value as string).length >= 1;

function list(value: unknown): boolean {
  if (!Array.isArray(value) || value.length > MAX_LIST_ENTRIES) return false;
  for (let i = 0; i < value.length; i++) if (!text(value[i], MAX_NAME_LENGTH)) return false;
  return true;
}

/** A bounded record of keys at most `keyMax` long, each value checked by `valid`. */
function record(value: unknown, max: number, keyMax: number, valid: (entry: unknown) => boolean): boolean {
  if (!isPlainObject(value)) return false;
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (++count > max || key.length > keyMax || DROPPED_BY_RECORD.has(key) || !valid(value[key])) return false;
  }
  // Own keys a for-in does not list (non-enumerable ones cannot come from JSON, but the check stays exact).
  return Object.keys(value).length === count;
}

const keyMap = (value: unknown) => record(value, MAX_KEYS_PER_OBJECT, MAX_KEY_ID_LENGTH, (v) => text(v, MAX_KEY_TEXT_LENGTH));
const signatures = (value: unknown) =>
  record(value, MAX_SIGNERS, MAX_ID_LENGTH, (bySigner) =>
    record(bySigner, MAX_SIGNATURES_PER_SIGNER, MAX_KEY_ID_LENGTH, (v) => text(v, MAX_KEY_TEXT_LENGTH)),
  );

export interface WellFormedDeviceKeys {
  user_id: string;
  device_id: string;
  algorithms: string[];
  keys: Record<string, string>;
  signatures: Record<string, Record<string, string>>;
}

/** The device keys as they are, when DeviceKeysSchema would accept them; null to take the schema's path. */
export function wellFormedDeviceKeys(raw: unknown): WellFormedDeviceKeys | null {
  if (!isPlainObject(raw)) return null;
  const ok = id(raw.user_id) && id(raw.device_id) && list(raw.algorithms) && keyMap(raw.keys) && signatures(raw.signatures);
  return ok ? (raw as unknown as WellFormedDeviceKeys) : null;
}

/** The cross-signing key as it is, when CrossSigningKeySchema would accept it; null to take the schema's path. */
export function wellFormedCrossSigningKey(raw: unknown): CrossSigningKey | null {
  if (!isPlainObject(raw)) return null;
  const ok =
    id(raw.user_id) &&
    list(raw.usage) &&
    keyMap(raw.keys) &&
    (raw.signatures === undefined ? !Object.hasOwn(raw, 'signatures') : signatures(raw.signatures));
  return ok ? (raw as unknown as CrossSigningKey) : null;
}
