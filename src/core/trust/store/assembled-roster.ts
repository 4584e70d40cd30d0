// A conversation's stored roster as one list, put together from its chunks,
// and what an ingest derives from it, kept for as long as the roster stays the
// same objects. A running background hands every ingest the same
// stored chunks (read-record.ts freezes a record's verdict once it is read
// again), so the roster put together from them, and each id's place in it,
// are the same every time: for a group of 10,000 they are sorted and mapped
// once, not for every snapshot. Only frozen chunks are remembered (their
// members cannot change under the same object); keyed weakly, a chunk that is
// replaced takes its entry with it.

import type { RosterChunkMember } from './record-schemas';

type Chunks = readonly (readonly RosterChunkMember[] | null)[];

const assembled = new WeakMap<object, { byChunk: Chunks; members: readonly RosterChunkMember[] }>();
const places = new WeakMap<object, RosterPlaces>();

/** Members of every readable chunk, in roster order (positions are unique across a sound roster). */
export function assemble(byChunk: Chunks): RosterChunkMember[] {
  const members: RosterChunkMember[] = [];
  for (const chunk of byChunk) if (chunk) members.push(...chunk);
  return members.sort((a, b) => a.position - b.position);
}

/** The members of every readable chunk in roster order (as assemble), the same frozen list while the chunks are the same. */
export function assembleStored(byChunk: Chunks): readonly RosterChunkMember[] {
  let first: readonly RosterChunkMember[] | null = null;
  for (let i = 0; i < byChunk.length; i++) {
    const chunk = byChunk[i]!;
    if (chunk === null) continue;
    if (!Object.isFrozen(chunk)) return assemble(byChunk);
    first ??= chunk;
  }
  if (first === null) return assemble(byChunk);
  const known = assembled.get(first);
  if (known && sameChunks(known.byChunk, byChunk)) return known.members;
  const members = Object.freeze(assemble(byChunk));
  assembled.set(first, { byChunk: [...byChunk], members });
  return members;
}

/** Each id's place in a roster, and each entry's id's place (its own, or the last entry with the same id). */
export interface RosterPlaces {
  byId: ReadonlyMap<string, number>;
  last: Int32Array;
}

/** Each id's place in the roster (the last, were one listed twice); for a frozen roster, the same every time. */
export function placesById(roster: readonly { id: string }[]): RosterPlaces {
  const known = places.get(roster);
  if (known) return known;
  const byId = new Map<string, number>();
  for (let i = 0; i < roster.length; i++) byId.set(roster[i]!.id, i);
  const last = new Int32Array(roster.length);
  for (let i = 0; i < roster.length; i++) last[i] = byId.get(roster[i]!.id)!;
  const found = { byId, last };
  if (Object.isFrozen(roster)) places.set(roster, found);
  return found;
}

function sameChunks(a: Chunks, b: Chunks): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
