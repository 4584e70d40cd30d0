// The reads around each plan, for a background that passes its own storage
// getter. An ingest makes at most three get calls, an acknowledgement two; run
// them inside the same serialized task as the writes that follow, so nothing
// changes in between.

import { keysToAcknowledge, moreKeysToAcknowledge } from '../actions/acknowledge';
import { finishIngest, keysToRead, moreKeysToRead, prepareIngest, rosterKeysToRead, type IngestResult } from '../ingest/ingest';

export type StoreGet = (keys: string[]) => Promise<Record<string, unknown>>;

/** Phases 1 and 2: what keysToRead names, then the roster chunks the stored conversation counts. */
async function readWithRoster(snapshot: unknown, get: StoreGet): Promise<Record<string, unknown>> {
  const first = await get(keysToRead(snapshot));
  const chunks = rosterKeysToRead(snapshot, first);
  return chunks.length > 0 ? { ...first, ...(await get(chunks)) } : first;
}

/** Reads every phase and plans the ingest, analysing the snapshot once. */
export async function ingestWith(snapshot: unknown, get: StoreGet, now: number): Promise<IngestResult> {
  const prepared = prepareIngest(snapshot, await readWithRoster(snapshot, get), now);
  if (!prepared.ok) return prepared;
  return finishIngest(prepared.prepared, prepared.moreKeys.length > 0 ? await get(prepared.moreKeys) : {});
}

async function twoPhases(
  get: StoreGet,
  first: string[],
  more: (read: Record<string, unknown>) => string[],
): Promise<Record<string, unknown>> {
  const firstRead = first.length > 0 ? await get(first) : {};
  const next = more(firstRead).filter((k) => !Object.hasOwn(firstRead, k));
  return next.length > 0 ? { ...firstRead, ...(await get(next)) } : firstRead;
}

/** The records an ingest needs, every phase (then planIngest); analyses twice, prefer ingestWith. */
export async function readForIngest(snapshot: unknown, get: StoreGet, now: number): Promise<Record<string, unknown>> {
  const read = await readWithRoster(snapshot, get);
  const more = moreKeysToRead(snapshot, read, now).filter((k) => !Object.hasOwn(read, k));
  return more.length > 0 ? { ...read, ...(await get(more)) } : read;
}

export function readForAcknowledge(alertId: unknown, get: StoreGet): Promise<Record<string, unknown>> {
  return twoPhases(get, keysToAcknowledge(alertId), (read) => moreKeysToAcknowledge(read, alertId));
}
