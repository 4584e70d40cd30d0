// Comparing and naming public keys. Two references are the same key only when
// algorithm and text are identical: adapters give every key one canonical
// spelling (../key-spelling.ts; the ingest refuses any other, the version 3 → 4
// migration and the records-file import respell), so text equality is key equality.

import { shortPrint } from '../key-print';
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

/** Short form for people, e.g. "8a3f 01c2 77de…": the start of the key's printed form (core/key-print.ts). */
export function shortKey(key: PublicKeyRef | null): string {
  return key === null ? 'no key' : shortPrint(key);
}
