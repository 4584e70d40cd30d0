// Comparing a safety number someone typed or pasted with the one shown. Both
// numbers are public, so this needs no constant time; what it needs is to say
// *where* they differ, so two people can find the group they misread.

export const GROUP_SIZE = 5;

export type TypedComparison =
  /** Nothing typed yet. */
  | { result: 'empty' }
  /** Something other than digits and separators was typed. */
  | { result: 'not-digits'; character: string }
  /** Fewer digits than the number has; `firstDifferingGroup` is set when what is typed already differs. */
  | { result: 'incomplete'; typed: number; expected: number; firstDifferingGroup: number | null }
  | { result: 'too-long'; typed: number; expected: number }
  | { result: 'match' }
  /** Groups are numbered from 0; `differingGroups` lists every group that differs. */
  | { result: 'mismatch'; firstDifferingGroup: number; differingGroups: number[] };

/** Spaces, line breaks, dashes, dots and commas are separators people type or paste between groups. */
const SEPARATORS = /[\s\-.,·\u00a0\u2009\u202f]/g;

/** The digits of what was typed, or the first character that is neither a digit nor a separator. */
export function typedDigits(typed: string): { digits: string } | { bad: string } {
  const stripped = typed.replace(SEPARATORS, '');
  const bad = stripped.match(/[^0-9]/u);
  return bad ? { bad: bad[0] } : { digits: stripped };
}

function groupsThatDiffer(expected: string, digits: string): number[] {
  const out: number[] = [];
  for (let start = 0; start < digits.length; start += GROUP_SIZE) {
    if (digits.slice(start, start + GROUP_SIZE) !== expected.slice(start, start + GROUP_SIZE)) out.push(start / GROUP_SIZE);
  }
  return out;
}

/** Compares `typed` with `expected` (a string of digits, e.g. the 60 of a safety number). */
export function compareTyped(expected: string, typed: string): TypedComparison {
  if (!/^\d+$/.test(expected) || expected.length % GROUP_SIZE !== 0) {
    throw new RangeError('the expected number must be digits in whole groups of 5');
  }
  const read = typedDigits(typed);
  if ('bad' in read) return { result: 'not-digits', character: read.bad };
  const digits = read.digits;
  if (digits.length === 0) return { result: 'empty' };
  if (digits.length > expected.length) return { result: 'too-long', typed: digits.length, expected: expected.length };
  if (digits.length < expected.length) {
    // Only whole groups are judged while typing, so a half-typed group is not flagged early.
    const whole = digits.slice(0, digits.length - (digits.length % GROUP_SIZE));
    const differing = groupsThatDiffer(expected, whole);
    return { result: 'incomplete', typed: digits.length, expected: expected.length, firstDifferingGroup: differing[0] ?? null };
  }
  const differing = groupsThatDiffer(expected, digits);
  return differing.length === 0
    ? { result: 'match' }
    : { result: 'mismatch', firstDifferingGroup: differing[0]!, differingGroups: differing };
}
