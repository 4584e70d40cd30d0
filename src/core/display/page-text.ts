// Text a page provided (names, titles, device ids) as KeyWatch shows it. Such
// text is hostile: a right-to-left override (U+202E) in a name once reversed the
// popup sentence it was put into, and invisible characters can make two names
// look the same. Shown text loses every character that changes the direction
// of the text around it and every invisible one; inside a sentence it is also
// isolated (FSI … PDI), so whatever direction its letters have, it cannot
// reorder the words around it. In HTML, PageText (src/ui) puts it in a <bdi>.

/** Embeddings, overrides, isolates and the direction marks (ALM, LRM, RLM). */
const DIRECTION_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Direction controls, C0 and C1 controls (but line breaks), zero-width space, line and paragraph separators, invisible operators, byte-order mark. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const NOT_SHOWN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export const FIRST_STRONG_ISOLATE = '\u2068';
export const POP_DIRECTIONAL_ISOLATE = '\u2069';

export function hasDirectionControls(text: string): boolean {
  return DIRECTION_CONTROLS.test(text);
}

/** One line of page text as shown: no direction control, nothing invisible, whitespace as single spaces. */
export function shownText(text: string): string {
  return text.replace(NOT_SHOWN, '').replace(/\s+/g, ' ').trim();
}

/**
 * Page text inside a sentence of plain text (a notification, a translated
 * sentence): each line shown, between FSI and PDI. Line breaks are kept: a
 * paragraph ends every isolate anyway.
 */
export function isolated(text: string): string {
  return text
    .split('\n')
    .map((line) => FIRST_STRONG_ISOLATE + shownText(line) + POP_DIRECTIONAL_ISOLATE)
    .join('\n');
}
