// One key, one spelling. A Curve25519 key reaches KeyWatch as 32 bytes (the
// raw Montgomery u) or as 33 (Signal's 0x05 ‖ u), and base64 can be written
// with or without padding; the trust store compares keys as text, so every key
// is turned into one canonical spelling before it is compared or stored:
// standard padded base64 of the bytes safety numbers hash (ParsedKey.serialized),
//   curve25519: the 33 bytes 0x05 ‖ u;   ed25519: the 32 bytes.
// (docs/storage.md, "Records"; docs/page-protocol.md, "Keys".)

import { fromBase64, toBase64 } from './encoding';
import { CURVE25519_KEY_PREFIX, type ParsedKey } from './keys';
import type { PublicKeyRef } from './roster';

/** The canonical spelling of a key the core's parser accepted. */
export function canonicalKeyRef(parsed: ParsedKey): PublicKeyRef {
  return { algorithm: parsed.algorithm, key: toBase64(parsed.serialized) };
}

// Exactly the canonical spellings: 33 bytes starting 0x05 fill 44 characters with no
// padding and start "B" then one of Q–Z, a–f; 32 bytes are 43 characters whose last
// leaves its two low bits zero, then one "=".
const CANONICAL_TEXT: { readonly [A in PublicKeyRef['algorithm']]: RegExp } = {
  curve25519: /^B[Q-Za-f][A-Za-z0-9+/]{42}$/,
  ed25519: /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/,
};

/** Whether a key is in the canonical spelling (cheap: no decoding, no point check). */
export function isCanonicalKeySpelling(ref: PublicKeyRef): boolean {
  return CANONICAL_TEXT[ref.algorithm]?.test(ref.key) ?? false;
}

/**
 * The canonical spelling of a key stored or exported before keys had one:
 * decodes padded or unpadded base64 and gives a 32-byte Curve25519 key its
 * 0x05. Whatever it cannot read as a key of its algorithm is left exactly as it
 * is (it was never a usable key; nothing can compare equal to it by accident).
 */
export function respelledKey<K extends PublicKeyRef | null>(ref: K): K {
  if (ref === null || isCanonicalKeySpelling(ref)) return ref;
  const bytes = decodeEither(ref.key);
  if (bytes === null) return ref;
  if (ref.algorithm === 'curve25519') {
    if (bytes.length === 32) return { algorithm: ref.algorithm, key: toBase64(Uint8Array.of(CURVE25519_KEY_PREFIX, ...bytes)) } as K;
    if (bytes.length === 33 && bytes[0] === CURVE25519_KEY_PREFIX) return { algorithm: ref.algorithm, key: toBase64(bytes) } as K;
    return ref;
  }
  return bytes.length === 32 ? ({ algorithm: ref.algorithm, key: toBase64(bytes) } as K) : ref;
}

function decodeEither(text: string): Uint8Array | null {
  for (const padding of ['required', 'forbidden'] as const) {
    try {
      return fromBase64(text, padding);
    } catch {
      // try the other spelling
    }
  }
  return null;
}
