// The name of a text that a content script and the background agree on, to bind
// an edit to the exact text it was made against (core/text-change.ts). Computed
// in the background only: hashing a large text on the page's thread cost as much
// as the page's own update.

import { toHex } from './encoding';

/**
 * SHA-256 (hex) naming a text exactly: of its UTF-8 bytes when it is well-formed, else of its UTF-16
 * code units with a leading marker byte (UTF-8 would turn every lone surrogate into the same U+FFFD).
 */
export async function textDigest(text: string): Promise<string> {
  let bytes: Uint8Array<ArrayBuffer>;
  if (isWellFormed(text)) bytes = new TextEncoder().encode(text);
  else {
    bytes = new Uint8Array(1 + 2 * text.length);
    bytes[0] = 0xff; // never the first byte of UTF-8
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      bytes[1 + 2 * i] = code & 0xff;
      bytes[2 + 2 * i] = code >> 8;
    }
  }
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

/** The text has no lone surrogate (so UTF-8 names it exactly). */
export function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (native) return native.call(text);
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
