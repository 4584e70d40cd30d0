// The text a version 2 store kept in each alert, as KeyWatch says it today.
// Version 2 printed a key as its first six bytes in hex, Signal's 0x05 type
// byte included ("0500 0000 0100…"); today's short form is the start of the
// printed form, which leaves the type byte out (core/key-print.ts). Every other
// word is the same.

import { fromBase64, toHex } from '../../encoding';
import type { PublicKeyRef } from '../../roster';
import { shortKey } from '../public-keys';

const version2ShortKey = (key: PublicKeyRef) => `${(toHex(fromBase64(key.key).subarray(0, 6)).match(/.{4}/g) ?? []).join(' ')}…`;

/** `text` (stored by version 2 for an alert with these keys) with each key in today's short form. */
export function inTodaysKeyForm(text: string, keys: { key: PublicKeyRef | null; previousKey: PublicKeyRef | null }): string {
  let today = text;
  for (const key of [keys.key, keys.previousKey]) if (key) today = today.replaceAll(version2ShortKey(key), shortKey(key));
  return today;
}
