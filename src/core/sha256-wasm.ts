// SHA-256 as a small WebAssembly function, for the thousands of short hashes
// a roster's remembered checks need (core/signatures/check-id.ts). Compared
// with the JavaScript implementation it allocates nothing per hash, so a
// 1,000-person roster's ids no longer feed the garbage collector. Written
// instruction by instruction (wasm-assembler.ts); sha256.test.ts compares it
// with node:crypto on every length around the block boundaries.
//
// Memory: the state (8 words) at 0, the round constants at 32, the message
// schedule at 288, the padded message from 1024 on (grown as needed).

import { sha256 as portableSha256 } from '@noble/hashes/sha2.js';
import { fromBase64 } from './encoding';
import { Code, Type, moduleBytes } from './wasm-assembler';
import { SHA256_MODULE } from './wasm-modules';

const STATE = 0;
const K_AT = 32;
const W_AT = 288;
const INPUT_AT = 1024;

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// Locals: params ptr, count; then p (i32), and a..h, t1, t2, x (i32).
const [PTR, COUNT, P] = [0, 1, 2];
const [A, B, C, D, E, F, G, H, T1, T2, X] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const WORKING = [A, B, C, D, E, F, G, H];

/** rotr(x, r1) ^ rotr(x, r2) ^ (rotr or shr)(x, r3), of the value on the stack. */
function sigma(code: Code, r1: number, r2: number, r3: number, thirdIsShift: boolean): void {
  code.tee(X).i32(r1).rotr32();
  code.get(X).i32(r2).rotr32().xor32();
  code.get(X).i32(r3);
  if (thirdIsShift) code.shrU32();
  else code.rotr32();
  code.xor32();
}

/** The big-endian word at ptr + offset (WebAssembly loads are little-endian). */
function loadBigEndian(code: Code, offset: number): void {
  code.get(PTR).load32(offset).tee(X).i32(8).rotr32().i32(0xff00ff00).and32();
  code.get(X).i32(8).rotl32().i32(0x00ff00ff).and32().or32();
}

/** blocks(ptr, count): runs the compression function over `count` 64-byte blocks at ptr, updating the state. */
function blocksFunction(): Code {
  const code = new Code();
  code.doWhile((block) => {
    // W[0..15]: the block's words.
    for (let t = 0; t < 16; t++) {
      block.i32(W_AT + t * 4);
      loadBigEndian(block, t * 4);
      block.store32();
    }
    // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], with p at W[t-16].
    block.i32(W_AT).set(P);
    block.doWhile((w) => {
      w.get(P);
      w.get(P).load32(14 * 4);
      sigma(w, 17, 19, 10, true);
      w.get(P)
        .load32(9 * 4)
        .add32();
      w.get(P).load32(1 * 4);
      sigma(w, 7, 18, 3, true);
      w.add32();
      w.get(P).load32(0).add32();
      w.store32(16 * 4);
      w.get(P)
        .i32(4)
        .add32()
        .tee(P)
        .i32(W_AT + 48 * 4)
        .ne32();
    });
    WORKING.forEach((local, i) =>
      block
        .i32(STATE)
        .load32(i * 4)
        .set(local),
    );
    // Sixty-four rounds, with p at W[t] (and K[t] at p - W_AT + K_AT).
    block.i32(W_AT).set(P);
    block.doWhile((round) => {
      round.get(H).get(E);
      sigma(round, 6, 11, 25, false);
      round.add32();
      round.get(G).get(E).get(F).get(G).xor32().and32().xor32().add32();
      round
        .get(P)
        .i32(K_AT - W_AT)
        .add32()
        .load32(0)
        .add32()
        .get(P)
        .load32(0)
        .add32()
        .set(T1);
      round.get(A);
      sigma(round, 2, 13, 22, false);
      round.get(A).get(B).and32().get(C).get(A).get(B).or32().and32().or32().add32().set(T2);
      round.get(G).set(H).get(F).set(G).get(E).set(F);
      round.get(D).get(T1).add32().set(E);
      round.get(C).set(D).get(B).set(C).get(A).set(B);
      round.get(T1).get(T2).add32().set(A);
      round
        .get(P)
        .i32(4)
        .add32()
        .tee(P)
        .i32(W_AT + 64 * 4)
        .ne32();
    });
    WORKING.forEach((local, i) =>
      block
        .i32(STATE)
        .i32(STATE)
        .load32(i * 4)
        .get(local)
        .add32()
        .store32(i * 4),
    );
    block.get(PTR).i32(64).add32().set(PTR);
    block.get(COUNT).i32(1).sub32().tee(COUNT);
  });
  return code;
}

export function sha256ModuleBytes(): Uint8Array {
  return moduleBytes([{ name: 'blocks', params: [Type.I32, Type.I32], locals: Array(12).fill(Type.I32), code: blocksFunction() }], 1);
}

export type Sha256 = (message: Uint8Array) => Uint8Array;

/** SHA-256 in WebAssembly, or null where WebAssembly is missing or refused. */
export function createWasmSha256(): Sha256 | null {
  let exports: WebAssembly.Exports;
  try {
    exports = new WebAssembly.Instance(new WebAssembly.Module(fromBase64(SHA256_MODULE) as Uint8Array<ArrayBuffer>)).exports;
  } catch {
    return null;
  }
  const memory = exports.memory as WebAssembly.Memory;
  const blocks = exports.blocks as (ptr: number, count: number) => void;
  let view = new DataView(memory.buffer);
  K.forEach((k, i) => view.setUint32(K_AT + i * 4, k, true));
  return (message) => {
    const padded = Math.ceil((message.length + 9) / 64) * 64;
    const needed = INPUT_AT + padded - memory.buffer.byteLength;
    if (needed > 0) {
      memory.grow(Math.ceil(needed / 65536));
      view = new DataView(memory.buffer);
    }
    const bytes = new Uint8Array(memory.buffer, INPUT_AT, padded);
    bytes.set(message);
    bytes.fill(0, message.length);
    bytes[message.length] = 0x80;
    const bits = message.length * 8;
    view.setUint32(INPUT_AT + padded - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(INPUT_AT + padded - 4, bits >>> 0);
    IV.forEach((word, i) => view.setUint32(STATE + i * 4, word, true));
    blocks(INPUT_AT, padded / 64);
    const digest = new Uint8Array(32);
    const out = new DataView(digest.buffer);
    for (let i = 0; i < 8; i++) out.setUint32(i * 4, view.getUint32(STATE + i * 4, true));
    return digest;
  };
}

let engine: Sha256 | undefined;

/** SHA-256: the WebAssembly function where the runtime allows it, else @noble/hashes. */
export function sha256(message: Uint8Array): Uint8Array {
  engine ??= createWasmSha256() ?? portableSha256;
  return engine(message);
}
