// The two-phase reads, for a background that passes its own storage getter.
// Each helper makes at most two get calls; run it inside the same serialized
// task as the write that follows, so nothing changes in between.

import { keysToAcknowledge, moreKeysToAcknowledge } from './acknowledge';
import { keysToRead, moreKeysToRead } from './ingest';

export type StoreGet = (keys: string[]) => Promise<Record<string, unknown>>;

async function twoPhases(get: StoreGet, first: string[], more: (read: Record<string, unknown>) => string[]): Promise<Record<string, unknown>> {
  const firstRead = first.length > 0 ? await get(first) : {};
  const next = more(firstRead).filter((k) => !Object.hasOwn(firstRead, k));
  return next.length > 0 ? { ...firstRead, ...(await get(next)) } : firstRead;
}

export function readForIngest(snapshot: unknown, get: StoreGet, now: number): Promise<Record<string, unknown>> {
  return twoPhases(get, keysToRead(snapshot), (read) => moreKeysToRead(snapshot, read, now));
}

export function readForAcknowledge(alertId: unknown, get: StoreGet): Promise<Record<string, unknown>> {
  return twoPhases(get, keysToAcknowledge(alertId), (read) => moreKeysToAcknowledge(read, alertId));
}
