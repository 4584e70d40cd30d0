// The reads around each plan, for a background that passes its own storage
// getter. Each makes at most two get calls; run it inside the same serialized
// task as the writes that follow, so nothing changes in between.

import { keysToAcknowledge, moreKeysToAcknowledge } from './acknowledge';
import { finishIngest, keysToRead, moreKeysToRead, prepareIngest, type IngestResult } from './ingest';

export type StoreGet = (keys: string[]) => Promise<Record<string, unknown>>;

/** Reads both phases and plans the ingest, analysing the snapshot once. */
export async function ingestWith(snapshot: unknown, get: StoreGet, now: number): Promise<IngestResult> {
  const prepared = prepareIngest(snapshot, await get(keysToRead(snapshot)), now);
  if (!prepared.ok) return prepared;
  return finishIngest(prepared.prepared, prepared.moreKeys.length > 0 ? await get(prepared.moreKeys) : {});
}

async function twoPhases(get: StoreGet, first: string[], more: (read: Record<string, unknown>) => string[]): Promise<Record<string, unknown>> {
  const firstRead = first.length > 0 ? await get(first) : {};
  const next = more(firstRead).filter((k) => !Object.hasOwn(firstRead, k));
  return next.length > 0 ? { ...firstRead, ...(await get(next)) } : firstRead;
}

/** The records an ingest needs, both phases (then planIngest); analyses twice, prefer ingestWith. */
export function readForIngest(snapshot: unknown, get: StoreGet, now: number): Promise<Record<string, unknown>> {
  return twoPhases(get, keysToRead(snapshot), (read) => moreKeysToRead(snapshot, read, now));
}

export function readForAcknowledge(alertId: unknown, get: StoreGet): Promise<Record<string, unknown>> {
  return twoPhases(get, keysToAcknowledge(alertId), (read) => moreKeysToAcknowledge(read, alertId));
}
