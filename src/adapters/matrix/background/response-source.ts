// What a whole /keys/query response is, as one digest: Element fetches the
// same keys again and again, and a response whose text is exactly one seen
// before splits into exactly the same users' keys texts (observed-state.ts,
// usersOfKeysQuery, a pure function of the text), so each user's part has
// the source recorded then. One native hash of the response instead of a
// parse, a split and a hash per user (kept-responses.ts).

import { toBase64 } from '../../../core/encoding';
import { sha256 } from '../../../core/sha256-wasm';
import { isWellFormed } from '../../../core/text-digest';
import { VERDICT_VERSION } from './remembered-keys';

/** Bumped with the verdict version, and whenever how a response is split per user changes. */
const RESPONSE_VERSION = `${VERDICT_VERSION}; keys-query response split 1`;
const utf8 = new TextEncoder();

/**
 * SHA-256 (unpadded base64) over the version and the exact response text:
 * WebCrypto's native digest where there is one, else the portable one. Null
 * for a text with a lone surrogate, which UTF-8 would not name exactly (such
 * a response is always split and hashed per user).
 */
export async function responseSourceOf(text: string): Promise<string | null> {
  if (!isWellFormed(text)) return null;
  const bytes = utf8.encode(`${RESPONSE_VERSION}\0${text}`);
  const subtle = globalThis.crypto?.subtle;
  const digest = subtle === undefined ? sha256(bytes) : new Uint8Array(await subtle.digest('SHA-256', bytes));
  return toBase64(digest, false);
}
