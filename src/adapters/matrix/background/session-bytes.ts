// What a value costs in storage.session, counted the way the browsers charge it.
// Both give the area 10 MiB in all, shared by everything KeyWatch keeps there
// (measured in Chromium 156 and Firefox ESR 153: docs/storage.md). Chrome
// charges a string value by its UTF-8 bytes; Firefox one byte per UTF-16 code
// unit when every unit is below 256, else two. A budget counted in characters
// let three-byte text fill the area, so every budget is counted here, in the
// larger of the two, and every value is stored as JSON text (an object is
// charged by an estimate of its memory, which is neither).

/** The storage.session quota of both browsers, measured: 10,485,760 bytes. */
export const SESSION_QUOTA_BYTES = 10 * 1024 * 1024;

/** Per entry, beyond its key and value: Chrome charged 7, Firefox 16 (measured); counted generously. */
export const ENTRY_OVERHEAD_BYTES = 32;

/** UTF-8 length of a JavaScript string (a lone surrogate becomes U+FFFD, three bytes). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** What either browser charges for this text: the larger of its UTF-8 bytes and Firefox's one or two bytes per code unit. */
export function chargedBytes(text: string): number {
  let wide = false;
  for (let i = 0; i < text.length && !wide; i++) wide = text.charCodeAt(i) > 0xff;
  return Math.max(utf8Bytes(text), wide ? 2 * text.length : text.length);
}

/**
 * A part of a larger text (one line of an index): Firefox charges a whole text
 * two bytes per unit as soon as any unit of it is above 255, so a part is
 * counted at no less than that, whatever the rest holds.
 */
export function partBytes(text: string): number {
  return Math.max(utf8Bytes(text), 2 * text.length);
}

/**
 * At least partBytes of `JSON.stringify(text)`, without making it: quotes and
 * backslashes are escaped with a second character, control characters and lone
 * surrogates with at most six. For the many short ids of an index, counted on
 * every write.
 */
export function jsonStringBytes(text: string): number {
  let units = 2;
  let utf8 = 2;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let escaped = unit < 0x20 ? 6 : unit === 0x22 || unit === 0x5c ? 2 : 0;
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const pair = unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        units += 2;
        utf8 += 4;
        i++;
        continue;
      }
      escaped = 6; // a lone surrogate is written as \udxxx
    }
    units += escaped || 1;
    utf8 += escaped || (unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3);
  }
  return Math.max(utf8, 2 * units);
}

/** One storage.session entry: its key, its JSON text value, and the browser's bookkeeping. */
export function entryBytes(key: string, value: string): number {
  return chargedBytes(key) + chargedBytes(value) + ENTRY_OVERHEAD_BYTES;
}
