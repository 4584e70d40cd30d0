// The iterated one-block SHA-512 loop as a tiny WebAssembly function, written
// here instruction by instruction instead of shipped as an opaque binary, so the
// code that runs is the code you read. WebAssembly has native 64-bit integers;
// JavaScript has to split each SHA-512 word into two 32-bit halves, which makes
// the portable loop about five times slower than libsignal's native code.
//
// Memory layout (little-endian i64 words):
//   W[0..7]   at 0    the digest, read before and written after each hash
//   W[8..15]  at 64   the fixed second half of the block (suffix and padding)
//   W[16..79] at 128  the message schedule
//   K[0..79]  at 640  the SHA-512 round constants
// iterate(count) replaces W[0..7] by SHA-512(W[0..15]) `count` times.

import { fromBase64 } from './encoding';
import { SHA512_IV, SHA512_K } from './sha512-constants';
import { SHA512_ITERATE_MODULE } from './wasm-modules';

const K_BASE = 640;
const MEMORY_BYTES = K_BASE + 80 * 8;

// Opcodes of the WebAssembly 1.0 binary format (the few this function uses).
const Op = {
  Block: 0x02,
  Loop: 0x03,
  End: 0x0b,
  BrIf: 0x0d,
  LocalGet: 0x20,
  LocalSet: 0x21,
  LocalTee: 0x22,
  I64Load: 0x29,
  I64Store: 0x37,
  I32Const: 0x41,
  I64Const: 0x42,
  I32Eqz: 0x45,
  I32Ne: 0x47,
  I32Add: 0x6a,
  I32Sub: 0x6b,
  I64Add: 0x7c,
  I64And: 0x83,
  I64Or: 0x84,
  I64Xor: 0x85,
  I64ShrU: 0x88,
  I64Rotr: 0x8a,
} as const;
const VOID = 0x40,
  I32 = 0x7f,
  I64 = 0x7e;

// Locals: 0 = count (parameter), 1 = p (byte offset), then the i64 working variables.
const COUNT = 0,
  P = 1;
const [A, B, C, D, E, F, G, H, T1, T2, X] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
const STATE = [A, B, C, D, E, F, G, H];

function unsignedLeb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function signedLeb(n: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    const done = (n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Collects the body of the function; each helper pushes one instruction. */
class Body {
  readonly bytes: number[] = [];
  /** Raw instruction bytes: opcodes and their immediates. */
  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }
  get(local: number): this {
    this.bytes.push(Op.LocalGet, local);
    return this;
  }
  set(local: number): this {
    this.bytes.push(Op.LocalSet, local);
    return this;
  }
  tee(local: number): this {
    this.bytes.push(Op.LocalTee, local);
    return this;
  }
  i32(n: number): this {
    this.bytes.push(Op.I32Const, ...signedLeb(BigInt(n)));
    return this;
  }
  i64(n: bigint): this {
    this.bytes.push(Op.I64Const, ...signedLeb(BigInt.asIntN(64, n)));
    return this;
  }
  /** Loads the i64 at p + offset (alignment hint 2^3). */
  load(offset: number): this {
    this.bytes.push(Op.LocalGet, P, Op.I64Load, 3, ...unsignedLeb(offset));
    return this;
  }
  store(offset: number): this {
    this.bytes.push(Op.I64Store, 3, ...unsignedLeb(offset));
    return this;
  }
  /** Pushes rotr(x, r1) ^ rotr(x, r2) ^ (rotr or shr)(x, r3) of the value on the stack. */
  sigma(r1: number, r2: number, r3: number, thirdIsShift: boolean): this {
    this.tee(X).i64(BigInt(r1)).op(Op.I64Rotr);
    this.get(X).i64(BigInt(r2)).op(Op.I64Rotr, Op.I64Xor);
    return this.get(X)
      .i64(BigInt(r3))
      .op(thirdIsShift ? Op.I64ShrU : Op.I64Rotr, Op.I64Xor);
  }
}

function iterateBody(): number[] {
  const b = new Body();
  b.op(Op.Block, VOID).get(COUNT).op(Op.I32Eqz, Op.BrIf, 0);
  b.op(Op.Loop, VOID);

  // Message schedule, with p at W[t-16]: W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16].
  b.i32(0).set(P).op(Op.Loop, VOID);
  b.get(P);
  b.load(14 * 8).sigma(19, 61, 6, true);
  b.load(9 * 8).op(Op.I64Add);
  b.load(1 * 8)
    .sigma(1, 8, 7, true)
    .op(Op.I64Add);
  b.load(0).op(Op.I64Add);
  b.store(16 * 8);
  b.get(P)
    .i32(8)
    .op(Op.I32Add)
    .tee(P)
    .i32(64 * 8)
    .op(Op.I32Ne, Op.BrIf, 0, Op.End);

  // Eighty rounds from the initial value, with p at round t's W (and K at p + K_BASE).
  SHA512_IV.forEach((iv, i) => b.i64(iv).set(STATE[i]!));
  b.i32(0).set(P).op(Op.Loop, VOID);
  // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t], with Ch = g ^ (e & (f ^ g)).
  b.get(H).get(E).sigma(14, 18, 41, false).op(Op.I64Add);
  b.get(G).get(E).get(F).get(G).op(Op.I64Xor, Op.I64And, Op.I64Xor, Op.I64Add);
  b.load(K_BASE).op(Op.I64Add).load(0).op(Op.I64Add).set(T1);
  // T2 = Σ0(a) + Maj(a, b, c), with Maj = (a & b) | (c & (a | b)).
  b.get(A).sigma(28, 34, 39, false);
  b.get(A).get(B).op(Op.I64And).get(C).get(A).get(B).op(Op.I64Or, Op.I64And, Op.I64Or, Op.I64Add).set(T2);
  b.get(G).set(H).get(F).set(G).get(E).set(F);
  b.get(D).get(T1).op(Op.I64Add).set(E);
  b.get(C).set(D).get(B).set(C).get(A).set(B);
  b.get(T1).get(T2).op(Op.I64Add).set(A);
  b.get(P)
    .i32(8)
    .op(Op.I32Add)
    .tee(P)
    .i32(80 * 8)
    .op(Op.I32Ne, Op.BrIf, 0, Op.End);

  // The digest becomes the first half of the next block.
  SHA512_IV.forEach((iv, i) =>
    b
      .i32(0)
      .i64(iv)
      .get(STATE[i]!)
      .op(Op.I64Add)
      .store(i * 8),
  );
  b.get(COUNT).i32(1).op(Op.I32Sub).tee(COUNT).op(Op.BrIf, 0);
  b.op(Op.End, Op.End, Op.End);
  return b.bytes;
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function name(text: string): number[] {
  return [text.length, ...[...text].map((c) => c.charCodeAt(0))];
}

/** The complete module: one function `iterate(count: i32)` and one exported page of memory. */
export function sha512IterateModuleBytes(): Uint8Array {
  const body = [2, 1, I32, 11, I64, ...iterateBody()]; // locals: 1 × i32, 11 × i64
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 1, I32, 0]), // type 0: (i32) -> ()
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0x00, 1]), // one memory, at least one page
    ...section(7, [2, ...name('iterate'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...unsignedLeb(body.length), ...body]),
  ]);
}

export interface WasmIterator {
  /** Writes the block's words, runs `count` hashes, reads the digest back (big-endian bytes). */
  run(digest: Uint8Array, tail: Uint8Array, count: number): void;
}

/**
 * Compiles the module, or returns null where WebAssembly is missing or refused
 * (an extension page whose CSP lacks 'wasm-unsafe-eval').
 */
export function createWasmIterator(): WasmIterator | null {
  let exports: WebAssembly.Exports;
  try {
    exports = new WebAssembly.Instance(new WebAssembly.Module(fromBase64(SHA512_ITERATE_MODULE) as Uint8Array<ArrayBuffer>)).exports;
  } catch {
    return null;
  }
  const iterate = exports.iterate as (count: number) => void;
  const memory = exports.memory as WebAssembly.Memory;
  const view = new DataView(memory.buffer, 0, MEMORY_BYTES);
  SHA512_K.forEach((k, i) => view.setBigUint64(K_BASE + i * 8, k, true));
  // Moves big-endian 64-bit words from bytes into little-endian i64 slots, and back.
  const put = (bytes: Uint8Array, offset: number) => {
    const src = new DataView(bytes.buffer, bytes.byteOffset, 64);
    for (let i = 0; i < 64; i += 8) {
      view.setUint32(offset + i + 4, src.getUint32(i), true);
      view.setUint32(offset + i, src.getUint32(i + 4), true);
    }
  };
  return {
    run(digest, tail, count) {
      put(digest, 0);
      put(tail, 64);
      iterate(count);
      const out = new DataView(digest.buffer, digest.byteOffset, 64);
      for (let i = 0; i < 64; i += 8) {
        out.setUint32(i, view.getUint32(i + 4, true));
        out.setUint32(i + 4, view.getUint32(i, true));
      }
    },
  };
}
