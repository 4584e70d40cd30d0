// How a conversation's roster is cut into chunks, so that a change touching a
// few members rewrites only their chunks. A member's chunk is fixed by a hash
// of their id and the chunk count; the count is a power of two chosen for
// about CHUNK_MEMBERS members a chunk, and changes only when the average drifts
// far from it (hysteresis), since changing it rewrites every chunk.

import { bucketHash } from './content-hash';

/** Members a chunk holds on average when the count is chosen afresh. */
export const CHUNK_MEMBERS = 32;
/** Above 10,000 participants (the ingest limit) / 32 members, rounded up to a power of two, with room. */
export const MAX_ROSTER_CHUNKS = 1024;
/** The count stays while the average chunk holds between these many members. */
export const CHUNK_AVERAGE_BOUNDS = { fewest: 8, most: 64 } as const;

export function isChunkCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ROSTER_CHUNKS && (n & (n - 1)) === 0;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** The chunk count for a roster of `members`, keeping `current` while the average stays within bounds. */
export function chunkCountFor(members: number, current: number | null): number {
  if (current !== null && isChunkCount(current)) {
    const roomy = members <= CHUNK_AVERAGE_BOUNDS.most * current || current === MAX_ROSTER_CHUNKS;
    const dense = current === 1 || members >= CHUNK_AVERAGE_BOUNDS.fewest * current;
    if (roomy && dense) return current;
  }
  return Math.min(MAX_ROSTER_CHUNKS, nextPowerOfTwo(Math.ceil(Math.max(1, members) / CHUNK_MEMBERS)));
}

/** The chunk that holds the member with this id, among `count` chunks (a power of two). */
export function chunkIndexOf(memberId: string, count: number): number {
  return bucketHash(memberId) & (count - 1);
}
