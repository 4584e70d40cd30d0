import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignPositions, freshPositions, POSITION_LIMIT, POSITION_STEP } from './roster-positions';

const increasing = (p: readonly number[]) => p.every((x, i) => i === 0 || x > p[i - 1]!);
const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `m${from + i}`);
const positionsOf = (list: readonly string[], positions: readonly number[]) => new Map(list.map((id, i) => [id, positions[i]!]));

describe('roster positions', () => {
  it('numbers a new roster with gaps', () => {
    expect(assignPositions(new Map(), ids(3))).toEqual([0, POSITION_STEP, 2 * POSITION_STEP]);
    expect(freshPositions(0)).toEqual([]);
  });

  it('moves nobody when people join at the end, leave, or join in a gap', () => {
    const before = ids(5);
    const old = positionsOf(before, freshPositions(5));
    expect(assignPositions(old, [...before, 'new'])).toEqual([...freshPositions(5), 5 * POSITION_STEP]);
    expect(assignPositions(old, ['m0', 'm2', 'm4'])).toEqual([0, 2 * POSITION_STEP, 4 * POSITION_STEP]);
    const joined = assignPositions(old, ['m0', 'a', 'b', 'm1', 'm2', 'm3', 'm4']);
    expect(joined.filter((p, i) => i === 0 || i > 2)).toEqual(freshPositions(5));
    expect(increasing(joined)).toBe(true);
    expect(assignPositions(old, ['first', ...before])[0]).toBe(-POSITION_STEP);
  });

  it('moves only the member who moved', () => {
    const before = ids(6);
    const old = positionsOf(before, freshPositions(6));
    const moved = assignPositions(old, ['m0', 'm4', 'm1', 'm2', 'm3', 'm5']);
    expect(moved.filter((p, i) => p !== old.get(['m0', 'm4', 'm1', 'm2', 'm3', 'm5'][i]!))).toHaveLength(1);
  });

  it('numbers afresh when a gap is too narrow', () => {
    const old = new Map([
      ['a', 0],
      ['b', 1],
    ]);
    expect(assignPositions(old, ['a', 'x', 'b'])).toEqual(freshPositions(3));
    const edge = new Map([['a', POSITION_LIMIT - 1]]);
    expect(assignPositions(edge, ['a', 'x'])).toEqual(freshPositions(2));
  });

  it('always gives strictly increasing positions within bounds, and keeps a longest run of unmoved members', () => {
    const pool = ids(30);
    const roster = fc.shuffledSubarray(pool);
    fc.assert(
      fc.property(fc.array(roster, { minLength: 1, maxLength: 8 }), (rosters) => {
        let previous = new Map<string, number>();
        for (const list of rosters) {
          const next = assignPositions(previous, list);
          expect(next).toHaveLength(list.length);
          expect(increasing(next)).toBe(true);
          for (const p of next) expect(Number.isSafeInteger(p) && Math.abs(p) <= POSITION_LIMIT).toBe(true);
          // Members present before whose relative order held keep their position, unless the roster was numbered afresh.
          const kept = list.filter((id, i) => previous.get(id) === next[i]).length;
          const fresh = next.every((p, i) => p === i * POSITION_STEP);
          if (!fresh) expect(kept).toBe(longestIncreasingLength(list.map((id) => previous.get(id))));
          previous = positionsOf(list, next);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Quadratic reference: the length of a longest strictly increasing subsequence of the defined values. */
function longestIncreasingLength(values: readonly (number | undefined)[]): number {
  const best = values.map(() => 0);
  let longest = 0;
  values.forEach((v, i) => {
    if (v === undefined) return;
    best[i] = 1;
    for (let j = 0; j < i; j++) if (values[j] !== undefined && values[j]! < v) best[i] = Math.max(best[i]!, best[j]! + 1);
    longest = Math.max(longest, best[i]!);
  });
  return longest;
}
