// A few dozen WebAssembly instructions and the module sections around them,
// enough to write small numeric functions instruction by instruction in
// TypeScript: the code that runs is the code you read, with no opaque binary.

export const enum Type {
  I32 = 0x7f,
  I64 = 0x7e,
}

const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i64Load8U: 0x31,
  i32Store: 0x36,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i64Eqz: 0x50,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32ShrU: 0x76,
  i32Rotl: 0x77,
  i32Rotr: 0x78,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64Or: 0x84,
  i64Shl: 0x86,
  i64ShrS: 0x87,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
} as const;

const VOID_BLOCK = 0x40;

export function unsignedLeb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function signedLeb(n: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    const done = (n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** One function's body: each method appends one instruction (or a few) and returns this. */
export class Code {
  readonly bytes: number[] = [];

  private op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  get(local: number): this {
    return this.op(Op.localGet, ...unsignedLeb(local));
  }
  set(local: number): this {
    return this.op(Op.localSet, ...unsignedLeb(local));
  }
  tee(local: number): this {
    return this.op(Op.localTee, ...unsignedLeb(local));
  }
  /** An i32 constant; values from 2^31 to 2^32 - 1 are taken as their 32 bits. */
  i32(n: number): this {
    return this.op(Op.i32Const, ...signedLeb(BigInt(n | 0)));
  }
  i64(n: bigint): this {
    return this.op(Op.i64Const, ...signedLeb(BigInt.asIntN(64, n)));
  }
  /** i32 at (address on the stack) + offset. */
  load32(offset = 0): this {
    return this.op(Op.i32Load, 2, ...unsignedLeb(offset));
  }
  /** Stores the i32 on top at (the address below it) + offset. */
  store32(offset = 0): this {
    return this.op(Op.i32Store, 2, ...unsignedLeb(offset));
  }
  /** i64 at (address on the stack) + offset. */
  load64(offset = 0): this {
    return this.op(Op.i64Load, 3, ...unsignedLeb(offset));
  }
  /** One unsigned byte at (address on the stack) + offset, as an i64. */
  load8(offset = 0): this {
    return this.op(Op.i64Load8U, 0, ...unsignedLeb(offset));
  }
  /** Stores the i64 on top at (the address below it) + offset. */
  store64(offset = 0): this {
    return this.op(Op.i64Store, 3, ...unsignedLeb(offset));
  }
  call(index: number): this {
    return this.op(Op.call, ...unsignedLeb(index));
  }
  add64(): this {
    return this.op(Op.i64Add);
  }
  sub64(): this {
    return this.op(Op.i64Sub);
  }
  mul64(): this {
    return this.op(Op.i64Mul);
  }
  and64(): this {
    return this.op(Op.i64And);
  }
  or64(): this {
    return this.op(Op.i64Or);
  }
  shl64(): this {
    return this.op(Op.i64Shl);
  }
  /** Arithmetic (sign-preserving) shift right. */
  shrS64(): this {
    return this.op(Op.i64ShrS);
  }
  shrU64(): this {
    return this.op(Op.i64ShrU);
  }
  eqz64(): this {
    return this.op(Op.i64Eqz);
  }
  wrap(): this {
    return this.op(Op.i32WrapI64);
  }
  add32(): this {
    return this.op(Op.i32Add);
  }
  sub32(): this {
    return this.op(Op.i32Sub);
  }
  and32(): this {
    return this.op(Op.i32And);
  }
  or32(): this {
    return this.op(Op.i32Or);
  }
  eq32(): this {
    return this.op(Op.i32Eq);
  }
  ne32(): this {
    return this.op(Op.i32Ne);
  }
  eqz32(): this {
    return this.op(Op.i32Eqz);
  }
  xor32(): this {
    return this.op(Op.i32Xor);
  }
  shrU32(): this {
    return this.op(Op.i32ShrU);
  }
  rotl32(): this {
    return this.op(Op.i32Rotl);
  }
  rotr32(): this {
    return this.op(Op.i32Rotr);
  }
  /** if (i32 on the stack) { then } else { otherwise } */
  ifElse(then: (code: this) => void, otherwise?: (code: this) => void): this {
    this.op(Op.if, VOID_BLOCK);
    then(this);
    if (otherwise) {
      this.op(Op.else);
      otherwise(this);
    }
    return this.op(Op.end);
  }
  /** Runs `body` while the i32 it leaves on the stack is not zero (at least once). */
  doWhile(body: (code: this) => void): this {
    this.op(Op.loop, VOID_BLOCK);
    body(this);
    return this.op(Op.brIf, 0, Op.end);
  }
  return(): this {
    return this.op(Op.return);
  }
}

export interface FunctionSpec {
  name?: string;
  params: Type[];
  result?: Type;
  /** Locals after the parameters. */
  locals: Type[];
  code: Code;
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  return [text.length, ...[...text].map((c) => c.charCodeAt(0))];
}

/** A module of these functions (named ones exported) and one exported memory of `pages` 64 KiB pages. */
export function moduleBytes(functions: FunctionSpec[], pages: number): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...(f.result ? [1, f.result] : [0])]);
  const exports = functions.flatMap((f, i) => (f.name ? [[...name(f.name), 0x00, ...unsignedLeb(i)]] : []));
  exports.push([...name('memory'), 0x02, 0]);
  const bodies = functions.map((f) => {
    const groups: number[][] = [];
    for (const type of f.locals) {
      const last = groups.at(-1);
      if (last && last[1] === type) last[0]!++;
      else groups.push([1, type]);
    }
    const body = [...vector(groups.map(([count, type]) => [...unsignedLeb(count!), type!])), ...f.code.bytes, Op.end];
    return [...unsignedLeb(body.length), ...body];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(5, [1, 0x00, ...unsignedLeb(pages)]),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
