// Each stored roster member carries a position: the roster is listed by
// ascending position, so the page's order survives being cut into chunks.
// Positions need not be consecutive. A new snapshot keeps the positions of the
// largest set of members whose order did not change (the longest increasing
// run of their old positions) and fits the others into the gaps, so someone
// joining, leaving or moving does not move everyone else, and does not rewrite
// everyone else's chunk. Only when a gap is too narrow is the whole roster
// numbered afresh.

/** The gap left between neighbours when numbering afresh. */
export const POSITION_STEP = 1024;
/** Positions stay within ±2^36, so sums and products in the arithmetic below stay exact. */
export const POSITION_LIMIT = 2 ** 36;

export function freshPositions(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i * POSITION_STEP);
}

/**
 * Positions for `ids` (the new roster, in order), strictly increasing, reusing
 * `previous` (id → position) for as many members as the order allows.
 */
export function assignPositions(previous: ReadonlyMap<string, number>, ids: readonly string[]): number[] {
  return positionsAfter(ids.map((id) => previous.get(id)));
}

/**
 * The same from each new member's old position (undefined: none), in the new roster's order: for a caller that
 * already knows where each member was, without a map of the roster. The usual roster, in the same order as before,
 * keeps `old` itself.
 */
export function positionsAfter(old: (number | undefined)[]): number[] {
  if (strictlyIncreasing(old)) return old as number[];
  const kept = longestIncreasing(old);
  const positions: (number | undefined)[] = old.map((p, i) => (kept.has(i) ? p : undefined));
  let i = 0;
  while (i < old.length) {
    if (positions[i] !== undefined) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < old.length && positions[end] === undefined) end += 1;
    if (!fillGap(positions, i, end)) return freshPositions(old.length);
    i = end;
  }
  return positions as number[];
}

function strictlyIncreasing(values: readonly (number | undefined)[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const p = values[i];
    if (p === undefined || (i > 0 && p <= values[i - 1]!)) return false;
  }
  return true;
}

/** Fills positions[start..end) between its neighbours; false when they leave no room. */
function fillGap(positions: (number | undefined)[], start: number, end: number): boolean {
  const k = end - start;
  const lo = start > 0 ? positions[start - 1]! : undefined;
  const hi = end < positions.length ? positions[end]! : undefined;
  for (let j = 0; j < k; j++) {
    let p: number;
    if (lo === undefined && hi === undefined) p = j * POSITION_STEP;
    else if (lo === undefined) p = hi! - (k - j) * POSITION_STEP;
    else if (hi === undefined) p = lo + (j + 1) * POSITION_STEP;
    else if (hi - lo > k) p = lo + Math.floor(((j + 1) * (hi - lo)) / (k + 1));
    else return false;
    if (Math.abs(p) > POSITION_LIMIT) return false;
    positions[start + j] = p;
  }
  return true;
}

/** Indexes of a longest strictly increasing subsequence of the defined values (patience sorting). */
function longestIncreasing(values: readonly (number | undefined)[]): Set<number> {
  const tails: number[] = []; // index of the smallest tail of each length
  const before = new Array<number>(values.length).fill(-1);
  values.forEach((v, i) => {
    if (v === undefined) return;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    before[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  });
  const kept = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = before[i]!) kept.add(i);
  return kept;
}
