// Names and titles come from the page: untrusted. Before they go into an alert
// text they lose control and bidirectional-override characters (which could
// make "Bob" render as someone else's name or reorder the sentence around it)
// and are shortened. Rendering still escapes them: this is about meaning, not markup.

const MAX_SHOWN = 64;
// C0/C1 controls, bidi embeddings/overrides/isolates, marks, zero-width and line/paragraph separators.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const PLAIN = /^[!-~](?:[!-~]| (?=[!-~]))*$/;

export function cleanText(text: string, fallback: string, max = MAX_SHOWN): string {
  // Printable ASCII with single inner spaces needs no cleaning (most names).
  if (text.length <= max && PLAIN.test(text)) return text;
  // Whitespace first (a line break becomes a space), then everything invisible goes.
  const cleaned = text.replace(/\s+/g, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
  if (cleaned === '') return fallback;
  const chars = [...cleaned];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : cleaned;
}

/** A person as alert texts name them: their display name, or their id when the name is empty. */
export function personName(name: string | null, id: string): string {
  return cleanText(name ?? '', cleanText(id, 'someone'));
}

export function quoted(title: string | null, fallback: string): string {
  return `“${cleanText(title ?? '', fallback)}”`;
}
