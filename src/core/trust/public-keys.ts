// Comparing and naming public keys. Two references are the same key only when
// algorithm and text are identical: adapters give every key one canonical
// spelling (../key-spelling.ts; the ingest refuses any other, the version 3 → 4
// migration and the records-file import respell), so text equality is key equality.

import { fromBase64, toHex } from '../encoding';
import type { PublicKeyRef } from '../roster';

export function sameKey(a: PublicKeyRef | null, b: PublicKeyRef | null): boolean {
  if (a === null || b === null) return a === b;
  return a.algorithm === b.algorithm && a.key === b.key;
}

/** One string per key, for maps and ids. */
export function keyToken(key: PublicKeyRef | null): string {
  return key === null ? 'none' : `${key.algorithm}:${key.key}`;
}

export function copyKey<K extends PublicKeyRef | null>(key: K): K {
  return (key === null ? null : { algorithm: key.algorithm, key: key.key }) as K;
}

/** Short form for people, e.g. "05ab 12cd 9f3e…": the first six bytes in hex. */
export function shortKey(key: PublicKeyRef | null): string {
  if (key === null) return 'no key';
  let hex: string;
  try {
    // Eight base64 characters are exactly the first six bytes: no need to decode the rest.
    hex = key.key.length >= 8 ? toHex(fromBase64(key.key.slice(0, 8))) : toHex(fromBase64(key.key).subarray(0, 6));
  } catch {
    return `${key.key.slice(0, 12)}…`;
  }
  return `${hex.match(/.{1,4}/g)?.join(' ') ?? hex}…`;
}
