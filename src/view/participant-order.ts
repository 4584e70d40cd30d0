// The order the popup lists people in: those with open warnings or critical
// alerts first, worst first, then as the page lists them. An information notice
// (first sight, mostly) moves nobody: otherwise everyone but the account holder
// (of whom there is no first sight) would go above them, and a person would drop
// down the list once verified. Shared by the background (which sends the first
// rows of a big conversation before the rest) and the popup (which sorts the whole).
import { SEVERITY_ORDER, type Severity } from '../core/trust';

/** A stable sort by worst warning; people without one keep the page's order at the end. */
export function inDisplayOrder<T extends { worst: Severity | null }>(rows: readonly T[]): T[] {
  return rows
    .map((row, index) => ({ row, index, rank: row.worst && row.worst !== 'info' ? SEVERITY_ORDER[row.worst] : -1 }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .map(({ row }) => row);
}

/**
 * The first `count` people in display order, and the account holder wherever they
 * are (every safety number is computed against them), still in display order.
 */
export function firstInDisplayOrder<T extends { worst: Severity | null; isSelf: boolean }>(rows: readonly T[], count: number): T[] {
  const ordered = inDisplayOrder(rows);
  const first = ordered.slice(0, count);
  const self = ordered.slice(count).filter((row) => row.isSelf);
  return [...first, ...self];
}
