// Byte encodings shared by the core. Strict: a string that is not canonical
// base64 is an error, so one key never has two spellings.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** The value of each base64 character by its code unit, -1 for anything else. */
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

export class EncodingError extends Error {
  override name = 'EncodingError';
}

/** Standard base64 (RFC 4648 §4) with padding. */
export function toBase64(bytes: Uint8Array, padded = true): string {
  // btoa is native (everywhere KeyWatch runs, and in Node); the loop below is for anywhere else.
  if (typeof btoa === 'function' && bytes.length <= 0x8000) {
    const text = btoa(String.fromCharCode.apply(null, bytes as unknown as number[]));
    return padded ? text : text.replace(/=+$/, '');
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!,
      b = bytes[i + 1],
      c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += b === undefined ? (padded ? '=' : '') : B64[(n >> 6) & 63]!;
    out += c === undefined ? (padded ? '=' : '') : B64[n & 63]!;
  }
  return out;
}

/** Uint8Array.fromBase64 (Chrome 140, Firefox 133): the engine's own decoder, far faster than the loop below. */
export type NativeFromBase64 = (text: string, options: { alphabet: 'base64'; lastChunkHandling: 'strict' }) => Uint8Array;
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: NativeFromBase64 }).fromBase64;

/**
 * `text` decoded by the engine's decoder held to fromBase64's rules, or null when it refuses it (fromBase64 then
 * decodes it in JavaScript, which says why). The engine skips ASCII whitespace, which fromBase64 refuses: such text
 * is left to JavaScript. Its strict reading demands padding and zero trailing bits: an unpadded text ('forbidden')
 * is padded first. Self-contained, so that a test can run it in each browser against decodeInJavaScript on the
 * same texts (e2e/engine/base64.e2e.ts).
 */
export function decodeNatively(text: string, padding: 'required' | 'forbidden', native: NativeFromBase64): Uint8Array | null {
  if (/[\t\n\f\r ]/.test(text)) return null;
  let whole = text;
  if (padding === 'forbidden') {
    if (text.includes('=')) return null;
    whole = text + '='.repeat((4 - (text.length % 4)) % 4);
  }
  try {
    return native(whole, { alphabet: 'base64', lastChunkHandling: 'strict' });
  } catch {
    return null;
  }
}

/**
 * Decodes standard base64. `padding: 'required'` (default) demands canonical
 * padded input; 'forbidden' demands unpadded input (as Matrix uses).
 * Non-zero trailing bits are rejected so each byte string has one encoding.
 */
export function fromBase64(text: string, padding: 'required' | 'forbidden' = 'required'): Uint8Array {
  if (typeof text !== 'string') throw new EncodingError('base64: not a string');
  const decoded = nativeFromBase64 === undefined ? null : decodeNatively(text, padding, nativeFromBase64);
  return decoded ?? decodeInJavaScript(text, padding);
}

/** fromBase64 without the engine's decoder: where there is none, and to say why a text is refused. */
export function decodeInJavaScript(text: string, padding: 'required' | 'forbidden' = 'required'): Uint8Array {
  let length = text.length;
  if (padding === 'required') {
    if (length % 4 !== 0) throw new EncodingError('base64: length is not a multiple of 4');
    // At most two '=', at the end only (any other '=' is an invalid character below).
    if (length > 0 && text.charCodeAt(length - 1) === 0x3d) length -= text.charCodeAt(length - 2) === 0x3d ? 2 : 1;
  } else if (text.includes('=')) {
    throw new EncodingError('base64: padding is not allowed here');
  }
  if (length % 4 === 1) throw new EncodingError('base64: truncated');
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let bits = 0,
    value = 0,
    o = 0;
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    const v = unit < 128 ? B64_VALUE[unit]! : -1;
    if (v < 0) throw new EncodingError(`base64: invalid character ${JSON.stringify(text[i])}`);
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  if (bits > 0 && (value & ((1 << bits) - 1)) !== 0) throw new EncodingError('base64: non-zero trailing bits');
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Compares without an early exit, so timing does not reveal where two values differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
