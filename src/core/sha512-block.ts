// Iterated SHA-512 for inputs of one block: h ← SHA-512(h ‖ suffix), again and
// again, as safety numbers do 5,200 times per side. Every such input is the
// 64-byte digest plus a short fixed suffix, so the second half of the padded
// block never changes and the digest words go straight into the first half:
// no bytes, no padding, no allocation inside the loop.
//
// Two engines compute the same thing. WebAssembly (native 64-bit words) runs
// about as fast as libsignal's native code; the portable JavaScript engine
// splits each word into 32-bit halves and is about five times slower. The
// WebAssembly one is used where the runtime allows it (an extension page needs
// 'wasm-unsafe-eval' in its CSP); otherwise the portable one, with equal results.

import { SHA512_IV, SHA512_K } from './sha512-constants';
import { createWasmIterator, type WasmIterator } from './sha512-wasm';

/** 64 digest bytes + suffix + 0x80 + 16 length bytes must fit one 128-byte block. */
export const MAX_SUFFIX_BYTES = 128 - 64 - 1 - 16;

export type Sha512EngineName = 'wasm' | 'js';

/**
 * Returns SHA-512 applied `count` times: h ← SHA-512(h ‖ suffix), starting from
 * the 64-byte `digest` (which is not modified). `count` may be 0.
 */
export function iterateSha512(digest: Uint8Array, suffix: Uint8Array, count: number, engine = activeEngine()): Uint8Array {
  if (digest.length !== 64) throw new RangeError('iterateSha512: the digest must be 64 bytes');
  if (suffix.length > MAX_SUFFIX_BYTES) throw new RangeError(`iterateSha512: the suffix must be at most ${MAX_SUFFIX_BYTES} bytes`);
  if (!Number.isSafeInteger(count) || count < 0 || count > 0x7fffffff) throw new RangeError('iterateSha512: bad count');
  const out = digest.slice();
  const tail = blockTail(suffix);
  if (engine === 'wasm' && wasm()) wasm()!.run(out, tail, count);
  else runPortable(out, tail, count);
  return out;
}

/** The engine iterateSha512 uses by default here. */
export function activeEngine(): Sha512EngineName {
  return wasm() ? 'wasm' : 'js';
}

/** The second half of the padded block: suffix, 0x80, zeros, then the length in bits. */
function blockTail(suffix: Uint8Array): Uint8Array {
  const tail = new Uint8Array(64);
  tail.set(suffix);
  tail[suffix.length] = 0x80;
  const bits = (64 + suffix.length) * 8;
  tail[62] = bits >>> 8;
  tail[63] = bits & 0xff;
  return tail;
}

let wasmIterator: WasmIterator | null | undefined;
function wasm(): WasmIterator | null {
  if (wasmIterator === undefined) wasmIterator = createWasmIterator();
  return wasmIterator;
}

// ---- Portable engine: 64-bit words as (high, low) pairs of int32 ----

const KH = Int32Array.from(SHA512_K, (k) => Number(k >> 32n) | 0);
const KL = Int32Array.from(SHA512_K, (k) => Number(k & 0xffffffffn) | 0);
const IV = Int32Array.from(SHA512_IV.flatMap((v) => [Number(v >> 32n) | 0, Number(v & 0xffffffffn) | 0]));
const WH = new Int32Array(80);
const WL = new Int32Array(80);
const TWO_32 = 4294967296;

function runPortable(digest: Uint8Array, tail: Uint8Array, count: number): void {
  const io = new DataView(digest.buffer, digest.byteOffset, 64);
  const tailView = new DataView(tail.buffer, tail.byteOffset, 64);
  const state = new Int32Array(16);
  for (let i = 0; i < 16; i++) {
    state[i] = io.getInt32(i * 4);
    if (i % 2 === 0) WH[8 + i / 2] = tailView.getInt32(i * 4);
    else WL[8 + (i - 1) / 2] = tailView.getInt32(i * 4);
  }
  for (let n = 0; n < count; n++) compressInto(state);
  for (let i = 0; i < 16; i++) io.setInt32(i * 4, state[i]!);
}

/** state ← SHA-512 compression of (IV, state ‖ W[8..15]) + IV: one hash of the block. */
function compressInto(state: Int32Array): void {
  const wh = WH,
    wl = WL,
    kh = KH,
    kl = KL;
  for (let i = 0; i < 8; i++) {
    wh[i] = state[2 * i]!;
    wl[i] = state[2 * i + 1]!;
  }
  for (let i = 16; i < 80; i++) {
    // σ0(W[i-15]) = rotr 1 ^ rotr 8 ^ shr 7;  σ1(W[i-2]) = rotr 19 ^ rotr 61 ^ shr 6.
    const xh = wh[i - 15]!,
      xl = wl[i - 15]!;
    const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
    const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
    const yh = wh[i - 2]!,
      yl = wl[i - 2]!;
    const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
    const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
    const lo = (s0l >>> 0) + (s1l >>> 0) + (wl[i - 7]! >>> 0) + (wl[i - 16]! >>> 0);
    wh[i] = (s0h + s1h + wh[i - 7]! + wh[i - 16]! + ((lo / TWO_32) | 0)) | 0;
    wl[i] = lo | 0;
  }
  let ah = IV[0]!,
    al = IV[1]!,
    bh = IV[2]!,
    bl = IV[3]!,
    ch = IV[4]!,
    cl = IV[5]!,
    dh = IV[6]!,
    dl = IV[7]!;
  let eh = IV[8]!,
    el = IV[9]!,
    fh = IV[10]!,
    fl = IV[11]!,
    gh = IV[12]!,
    gl = IV[13]!,
    hh = IV[14]!,
    hl = IV[15]!;
  for (let i = 0; i < 80; i++) {
    // Σ1(e) = rotr 14 ^ rotr 18 ^ rotr 41;  Σ0(a) = rotr 28 ^ rotr 34 ^ rotr 39.
    const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
    const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
    const chH = gh ^ (eh & (fh ^ gh)),
      chL = gl ^ (el & (fl ^ gl));
    const t1l = (hl >>> 0) + (S1l >>> 0) + (chL >>> 0) + (kl[i]! >>> 0) + (wl[i]! >>> 0);
    const t1h = hh + S1h + chH + kh[i]! + wh[i]! + ((t1l / TWO_32) | 0);
    const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
    const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
    const majH = (ah & bh) | (ch & (ah | bh)),
      majL = (al & bl) | (cl & (al | bl));
    hh = gh;
    hl = gl;
    gh = fh;
    gl = fl;
    fh = eh;
    fl = el;
    const eSum = (dl >>> 0) + (t1l >>> 0);
    eh = (dh + t1h + ((eSum / TWO_32) | 0)) | 0;
    el = eSum | 0;
    dh = ch;
    dl = cl;
    ch = bh;
    cl = bl;
    bh = ah;
    bl = al;
    const aSum = (t1l >>> 0) + (S0l >>> 0) + (majL >>> 0);
    ah = (t1h + S0h + majH + ((aSum / TWO_32) | 0)) | 0;
    al = aSum | 0;
  }
  addWord(state, 0, ah, al);
  addWord(state, 1, bh, bl);
  addWord(state, 2, ch, cl);
  addWord(state, 3, dh, dl);
  addWord(state, 4, eh, el);
  addWord(state, 5, fh, fl);
  addWord(state, 6, gh, gl);
  addWord(state, 7, hh, hl);
}

/** state[word] ← IV[word] + (high, low). */
function addWord(state: Int32Array, word: number, high: number, low: number): void {
  const sum = (IV[2 * word + 1]! >>> 0) + (low >>> 0);
  state[2 * word] = (IV[2 * word]! + high + ((sum / TWO_32) | 0)) | 0;
  state[2 * word + 1] = sum | 0;
}
