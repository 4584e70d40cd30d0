// A long text sent again after a small edit, as the edit alone: what it keeps of
// the earlier text's start and end, and the new middle. Finding the edit costs
// the sender a few hundred block comparisons (the engine compares strings
// natively), far less than copying the whole text into a message; the receiver
// rebuilds the text from the one it holds, named by its digest.

/** The part of `next` that differs from `base`, between what the two share at the start and at the end. */
export interface TextEdit {
  keepStart: number;
  keepEnd: number;
  middle: string;
}

/** Block sizes tried in turn, largest first: equal blocks are skipped in one native comparison. */
const BLOCKS = [16384, 1024, 64, 1];

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** How many code units `a` and `b` share at the start, up to `limit`. */
function sharedStart(a: string, b: string, limit: number): number {
  let shared = 0;
  for (const block of BLOCKS) {
    while (shared + block <= limit && a.slice(shared, shared + block) === b.slice(shared, shared + block)) shared += block;
  }
  return shared;
}

/** How many code units `a` and `b` share at the end, up to `limit`. */
function sharedEnd(a: string, b: string, limit: number): number {
  let shared = 0;
  for (const block of BLOCKS) {
    while (
      shared + block <= limit &&
      a.slice(a.length - shared - block, a.length - shared) === b.slice(b.length - shared - block, b.length - shared)
    )
      shared += block;
  }
  return shared;
}

/** The edit that turns `base` into `next`. Never splits a surrogate pair, so every part is well-formed where the texts are. */
export function editBetween(base: string, next: string): TextEdit {
  let keepStart = sharedStart(base, next, Math.min(base.length, next.length));
  if (keepStart > 0 && isHighSurrogate(next.charCodeAt(keepStart - 1))) keepStart--;
  let keepEnd = sharedEnd(base, next, Math.min(base.length, next.length) - keepStart);
  if (keepEnd > 0 && isLowSurrogate(next.charCodeAt(next.length - keepEnd))) keepEnd--;
  return { keepStart, keepEnd, middle: next.slice(keepStart, next.length - keepEnd) };
}

/** The text an edit makes of `base`, or null when the edit cannot apply to it (it keeps more than `base` has). */
export function applyEdit(base: string, edit: TextEdit): string | null {
  const { keepStart, keepEnd, middle } = edit;
  if (!Number.isSafeInteger(keepStart) || !Number.isSafeInteger(keepEnd) || keepStart < 0 || keepEnd < 0) return null;
  if (keepStart + keepEnd > base.length) return null;
  return base.slice(0, keepStart) + middle + base.slice(base.length - keepEnd);
}
