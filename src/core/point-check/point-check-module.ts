// The costly checks of a key as a WebAssembly module: decompress a point
// (RFC 8032 §5.1.3), then [8]P = O (small order) and [ℓ]P = O (prime order),
// and for a Montgomery u first y = (u - 1) / (u + 1). JavaScript's BigInt field
// arithmetic makes these a millisecond or more each; here a field element is
// ten signed limbs of 26 and 25 bits (the "ref10" representation of the
// Ed25519 paper's reference code), multiplied with native 64-bit integers.
// Written instruction by instruction (wasm-assembler.ts); point-check.test.ts
// compares every outcome with @noble/curves on the corpora of invalid keys.
//
// Memory: the 32 input bytes at 0; field elements (10 × i64, 80 bytes) in
// numbered slots; a point is four consecutive slots (X, Y, Z, T: extended
// coordinates, x = X/Z, y = Y/Z, xy = T/Z).

import { Code, Type, moduleBytes, type FunctionSpec } from '../wasm-assembler';

const FE = 80;
const SLOTS_AT = 64;
const slot = (n: number) => SLOTS_AT + n * FE;

// Named slots.
let next = 0;
const take = (count = 1) => {
  const at = slot(next);
  next += count;
  return at;
};
export const MEMORY = {
  input: 0,
  one: take(),
  zero: take(),
  d: take(),
  d2: take(),
  sqrtM1: take(),
} as const;
const S = {
  u: take(),
  v: take(),
  v3: take(),
  vxx: take(),
  check: take(),
  t0: take(),
  t1: take(),
  t2: take(),
  t3: take(),
  canon: take(),
  y: take(),
  a: take(),
  b: take(),
  c: take(),
  dd: take(),
  e: take(),
  f: take(),
  g: take(),
  h: take(),
  p: take(4),
  q: take(4),
};
const MEMORY_BYTES = slot(next);

/** Outcomes of the two exported checks. */
export const POINT_CODES = { valid: 0, onTwist: 1, negativeZero: 2, noSuchY: 3, smallOrder: 4, mixedOrder: 5 } as const;

// Function indices, in the order the module lists them.
const F = {
  mul: 0,
  sq: 1,
  add: 2,
  sub: 3,
  copy: 4,
  canon: 5,
  isZero: 6,
  isNegative: 7,
  sqN: 8,
  pow22523: 9,
  invert: 10,
  fromBytes: 11,
  decompress: 12,
  double: 13,
  pointAdd: 14,
  isIdentity: 15,
  checkEdwards: 16,
  checkMontgomery: 17,
  doubleNoT: 18,
};

const I32 = Type.I32;
const I64 = Type.I64;

/** Limb widths: 26 bits for even limbs, 25 for odd ones (2^255 = 2^(26·5 + 25·5)). */
const bits = (i: number) => (i % 2 === 0 ? 26 : 25);

/**
 * The carry of limb i into limb i + 1 (limb 9 into limb 0, times 19, since
 * 2^255 = 19 mod p), rounding so that limbs stay signed and small. `h` are the
 * locals holding limbs, `carry` a spare local.
 */
function carry(code: Code, h: number[], i: number, carryLocal: number): void {
  const width = BigInt(bits(i));
  code
    .get(h[i]!)
    .i64(1n << (width - 1n))
    .add64()
    .i64(width)
    .shrS64()
    .set(carryLocal);
  const into = (i + 1) % 10;
  code.get(h[into]!).get(carryLocal);
  if (i === 9) code.i64(19n).mul64();
  code.add64().set(h[into]!);
  code.get(h[i]!).get(carryLocal).i64(width).shl64().sub64().set(h[i]!);
}

/** ref10's order: every limb ends within its width (plus a little) and limb 0 is carried last. */
const CARRY_ORDER = [0, 4, 1, 5, 2, 6, 3, 7, 4, 8, 9, 0];

function storeLimbs(code: Code, pointer: number, h: number[]): void {
  h.forEach((local, i) =>
    code
      .get(pointer)
      .get(local)
      .store64(i * 8),
  );
}

function loadLimbs(code: Code, pointer: number, into: number[]): void {
  into.forEach((local, i) =>
    code
      .get(pointer)
      .load64(i * 8)
      .set(local),
  );
}

/** h = f · g. Params: h, f, g (addresses). Inputs are read before the result is written, so h may be f or g. */
function mulFunction(): FunctionSpec {
  const [H, Fp, Gp] = [0, 1, 2];
  const f = range(3, 10);
  const g = range(13, 10);
  const f2 = range(23, 10); // 2·f_i, for odd i
  const g19 = range(33, 10); // 19·g_j, for j ≥ 1
  const h = range(43, 10);
  const carryLocal = 53;
  const code = new Code();
  loadLimbs(code, Fp, f);
  loadLimbs(code, Gp, g);
  for (let i = 1; i < 10; i += 2) code.get(f[i]!).i64(1n).shl64().set(f2[i]!);
  for (let j = 1; j < 10; j++) code.get(g[j]!).i64(19n).mul64().set(g19[j]!);
  for (let k = 0; k < 10; k++) {
    let first = true;
    for (let i = 0; i < 10; i++) {
      const j = (k - i + 10) % 10;
      const wraps = i + j >= 10;
      code
        .get(i % 2 === 1 && j % 2 === 1 ? f2[i]! : f[i]!)
        .get(wraps ? g19[j]! : g[j]!)
        .mul64();
      if (!first) code.add64();
      first = false;
    }
    code.set(h[k]!);
  }
  for (const i of CARRY_ORDER) carry(code, h, i, carryLocal);
  storeLimbs(code, H, h);
  return { params: [I32, I32, I32], locals: Array(51).fill(I64), code };
}

/** h = f ± g, carried. */
function addSubFunction(subtract: boolean): FunctionSpec {
  const [H, Fp, Gp] = [0, 1, 2];
  const h = range(3, 10);
  const carryLocal = 13;
  const code = new Code();
  for (let i = 0; i < 10; i++) {
    code
      .get(Fp)
      .load64(i * 8)
      .get(Gp)
      .load64(i * 8);
    if (subtract) code.sub64();
    else code.add64();
    code.set(h[i]!);
  }
  for (const i of CARRY_ORDER) carry(code, h, i, carryLocal);
  storeLimbs(code, H, h);
  return { params: [I32, I32, I32], locals: Array(11).fill(I64), code };
}

/**
 * h = f². Each product f_i·f_j (i < j) appears twice: 55 multiplications
 * instead of mul's 100. The factor 2 of a pair goes on f_i; the factors 2 (both
 * limbs odd) and 19 (past 2^255) on f_j. h may be f.
 */
function sqFunction(): FunctionSpec {
  const [H, Fp] = [0, 1];
  const f = range(2, 10);
  const f2 = range(12, 10); // 2·f_i
  const f19 = range(22, 10); // 19·f_j, j ≥ 5
  const f38 = range(32, 10); // 38·f_j, odd j ≥ 5
  const h = range(42, 10);
  const carryLocal = 52;
  const code = new Code();
  loadLimbs(code, Fp, f);
  for (let i = 0; i < 10; i++) code.get(f[i]!).i64(1n).shl64().set(f2[i]!);
  for (let j = 5; j < 10; j++) code.get(f[j]!).i64(19n).mul64().set(f19[j]!);
  for (let j = 5; j < 10; j += 2) code.get(f19[j]!).i64(1n).shl64().set(f38[j]!);
  for (let k = 0; k < 10; k++) {
    let first = true;
    for (let i = 0; i < 10; i++) {
      for (let j = i; j < 10; j++) {
        if ((i + j) % 10 !== k) continue;
        const bothOdd = i % 2 === 1 && j % 2 === 1;
        const wraps = i + j >= 10;
        const right = wraps ? (bothOdd ? f38[j]! : f19[j]!) : bothOdd ? f2[j]! : f[j]!;
        code
          .get(i === j ? f[i]! : f2[i]!)
          .get(right)
          .mul64();
        if (!first) code.add64();
        first = false;
      }
    }
    code.set(h[k]!);
  }
  for (const i of CARRY_ORDER) carry(code, h, i, carryLocal);
  storeLimbs(code, H, h);
  return { params: [I32, I32], locals: Array(51).fill(I64), code };
}

function copyFunction(): FunctionSpec {
  const code = new Code();
  for (let i = 0; i < 10; i++)
    code
      .get(0)
      .get(1)
      .load64(i * 8)
      .store64(i * 8);
  return { params: [I32, I32], locals: [], code };
}

/**
 * The canonical limbs of h, in place: the value reduced below p, each limb
 * within its width (ref10's fe_tobytes, without the packing into bytes).
 */
function canonFunction(): FunctionSpec {
  const H = 0;
  const h = range(1, 10);
  const q = 11;
  const c = 12;
  const code = new Code();
  loadLimbs(code, H, h);
  // q = 1 when h ≥ p (so h - p is the reduced value), else 0.
  code
    .get(h[9]!)
    .i64(19n)
    .mul64()
    .i64(1n << 24n)
    .add64()
    .i64(25n)
    .shrS64()
    .set(q);
  for (let i = 0; i < 10; i++)
    code
      .get(h[i]!)
      .get(q)
      .add64()
      .i64(BigInt(bits(i)))
      .shrS64()
      .set(q);
  code.get(h[0]!).get(q).i64(19n).mul64().add64().set(h[0]!);
  for (let i = 0; i < 10; i++) {
    const width = BigInt(bits(i));
    code.get(h[i]!).i64(width).shrS64().set(c);
    if (i < 9)
      code
        .get(h[i + 1]!)
        .get(c)
        .add64()
        .set(h[i + 1]!);
    code.get(h[i]!).get(c).i64(width).shl64().sub64().set(h[i]!);
  }
  storeLimbs(code, H, h);
  return { params: [I32], locals: Array(12).fill(I64), code };
}

/** 1 when f is 0 mod p. */
function isZeroFunction(): FunctionSpec {
  const code = new Code().i32(S.canon).get(0).call(F.copy).i32(S.canon).call(F.canon);
  code.i32(S.canon).load64(0);
  for (let i = 1; i < 10; i++)
    code
      .i32(S.canon)
      .load64(i * 8)
      .or64();
  code.eqz64();
  return { params: [I32], result: I32, locals: [], code };
}

/** 1 when the canonical value of f is odd (RFC 8032's "negative" x). */
function isNegativeFunction(): FunctionSpec {
  const code = new Code().i32(S.canon).get(0).call(F.copy).i32(S.canon).call(F.canon);
  code.i32(S.canon).load64(0).i64(1n).and64().wrap();
  return { params: [I32], result: I32, locals: [], code };
}

/** h = f^(2^n), n ≥ 1. */
function sqNFunction(): FunctionSpec {
  const [H, Fp, N] = [0, 1, 2];
  const code = new Code().get(H).get(Fp).call(F.sq);
  code.get(N).i32(1).sub32().set(N);
  code.get(N).ifElse((c) =>
    c.doWhile((body) => {
      body.get(H).get(H).call(F.sq);
      body.get(N).i32(1).sub32().tee(N);
    }),
  );
  return { params: [I32, I32, I32], locals: [], code };
}

/**
 * The addition chains of ref10: z^((p-5)/8) = z^(2^252 - 3) and z^(p-2) = 1/z.
 * Both start from z^(2^250 - 1).
 */
function chainTo250(code: Code, z: number): void {
  const { t0, t1, t2 } = S;
  code.i32(t0).get(z).call(F.sq); // z^2
  code.i32(t1).i32(t0).i32(2).call(F.sqN); // z^8
  code.i32(t1).get(z).i32(t1).call(F.mul); // z^9
  code.i32(t0).i32(t0).i32(t1).call(F.mul); // z^11
  code.i32(S.t2).i32(t0).call(F.sq); // z^22
  code.i32(t1).i32(t1).i32(t2).call(F.mul); // z^31 = z^(2^5 - 1)
  code.i32(t2).i32(t1).i32(5).call(F.sqN);
  code.i32(t1).i32(t2).i32(t1).call(F.mul); // z^(2^10 - 1)
  code.i32(t2).i32(t1).i32(10).call(F.sqN);
  code.i32(t2).i32(t2).i32(t1).call(F.mul); // z^(2^20 - 1)
  code.i32(S.t3).i32(t2).i32(20).call(F.sqN);
  code.i32(t2).i32(S.t3).i32(t2).call(F.mul); // z^(2^40 - 1)
  code.i32(t2).i32(t2).i32(10).call(F.sqN);
  code.i32(t1).i32(t2).i32(t1).call(F.mul); // z^(2^50 - 1)
  code.i32(t2).i32(t1).i32(50).call(F.sqN);
  code.i32(t2).i32(t2).i32(t1).call(F.mul); // z^(2^100 - 1)
  code.i32(S.t3).i32(t2).i32(100).call(F.sqN);
  code.i32(t2).i32(S.t3).i32(t2).call(F.mul); // z^(2^200 - 1)
  code.i32(t2).i32(t2).i32(50).call(F.sqN);
  code.i32(t1).i32(t2).i32(t1).call(F.mul); // z^(2^250 - 1), in t1; t0 = z^11
}

/** h = z^((p-5)/8). Uses t0..t3. */
function pow22523Function(): FunctionSpec {
  const [H, Z] = [0, 1];
  const code = new Code();
  chainTo250(code, Z);
  code.i32(S.t1).i32(S.t1).i32(2).call(F.sqN); // z^(2^252 - 4)
  code.get(H).i32(S.t1).get(Z).call(F.mul); // z^(2^252 - 3)
  return { params: [I32, I32], locals: [], code };
}

/** h = 1/z = z^(p-2). Uses t0..t3. */
function invertFunction(): FunctionSpec {
  const [H, Z] = [0, 1];
  const code = new Code();
  chainTo250(code, Z);
  code.i32(S.t1).i32(S.t1).i32(5).call(F.sqN); // z^(2^255 - 32)
  code.get(H).i32(S.t1).i32(S.t0).call(F.mul); // z^(2^255 - 21)
  return { params: [I32, I32], locals: [], code };
}

/**
 * h = the 255-bit little-endian number at s (its top bit ignored). Each limb
 * is read exactly from a 64-bit load at the byte where it starts; the input
 * has eight zero bytes after it, so no load runs past it.
 */
function fromBytesFunction(): FunctionSpec {
  const [H, Sp] = [0, 1];
  const code = new Code();
  let offset = 0;
  for (let i = 0; i < 10; i++) {
    const width = bits(i);
    code.get(H);
    code
      .get(Sp)
      .load64(offset >> 3)
      .i64(BigInt(offset & 7))
      .shrU64()
      .i64((1n << BigInt(width)) - 1n)
      .and64();
    code.store64(i * 8);
    offset += width;
  }
  return { params: [I32, I32], locals: [], code };
}

const X = (p: number) => p;
const Y = (p: number) => p + FE;
const Z = (p: number) => p + 2 * FE;
const T = (p: number) => p + 3 * FE;

/**
 * Decompresses x from y (in slot y) and the sign bit (param): the point goes
 * to slot p. Returns 0, or noSuchY when no point has this y, or negativeZero
 * when x = 0 comes with sign 1 (RFC 8032 §5.1.3, steps 2 to 4).
 */
function decompressFunction(): FunctionSpec {
  const SIGN = 0;
  const { u, v, v3, vxx, check, y, p, one, d, sqrtM1, zero } = { ...S, ...MEMORY };
  const code = new Code();
  code.i32(Y(p)).i32(y).call(F.copy);
  code.i32(Z(p)).i32(one).call(F.copy);
  code.i32(u).i32(y).call(F.sq);
  code.i32(v).i32(u).i32(d).call(F.mul);
  code.i32(u).i32(u).i32(one).call(F.sub); // u = y² - 1
  code.i32(v).i32(v).i32(one).call(F.add); // v = d·y² + 1
  code.i32(v3).i32(v).call(F.sq);
  code.i32(v3).i32(v3).i32(v).call(F.mul); // v³
  code.i32(X(p)).i32(v3).call(F.sq);
  code.i32(X(p)).i32(X(p)).i32(v).call(F.mul);
  code.i32(X(p)).i32(X(p)).i32(u).call(F.mul); // u·v⁷
  code.i32(X(p)).i32(X(p)).call(F.pow22523);
  code.i32(X(p)).i32(X(p)).i32(v3).call(F.mul);
  code.i32(X(p)).i32(X(p)).i32(u).call(F.mul); // x = u·v³·(u·v⁷)^((p-5)/8)
  code.i32(vxx).i32(X(p)).call(F.sq);
  code.i32(vxx).i32(vxx).i32(v).call(F.mul); // v·x²
  code.i32(check).i32(vxx).i32(u).call(F.sub);
  code
    .i32(check)
    .call(F.isZero)
    .eqz32()
    .ifElse((c) => {
      c.i32(check).i32(vxx).i32(u).call(F.add);
      c.i32(check)
        .call(F.isZero)
        .eqz32()
        .ifElse((none) => none.i32(POINT_CODES.noSuchY).return());
      c.i32(X(p)).i32(X(p)).i32(sqrtM1).call(F.mul);
    });
  code
    .i32(X(p))
    .call(F.isZero)
    .get(SIGN)
    .and32()
    .ifElse((c) => c.i32(POINT_CODES.negativeZero).return());
  code
    .i32(X(p))
    .call(F.isNegative)
    .get(SIGN)
    .ne32()
    .ifElse((c) => c.i32(X(p)).i32(zero).i32(X(p)).call(F.sub));
  code.i32(T(p)).i32(X(p)).i32(Y(p)).call(F.mul);
  code.i32(POINT_CODES.valid);
  return { params: [I32], result: I32, locals: [], code };
}

/**
 * r = 2·q (extended coordinates, a = -1: "dbl-2008-hwcd"). r may be q.
 * Doubling never reads T, so where the next step is another doubling (or the
 * identity test), T is not computed: one multiplication saved.
 */
function doubleFunction(withT: boolean): FunctionSpec {
  const [R, Q] = [0, 1];
  const { a, b, c, dd, e, f, g, h, zero } = { ...S, ...MEMORY };
  const code = new Code();
  code.i32(a).get(Q).call(F.sq); // A = X²
  code.i32(b).get(Q).i32(FE).add32().call(F.sq); // B = Y²
  code
    .i32(c)
    .get(Q)
    .i32(2 * FE)
    .add32()
    .call(F.sq);
  code.i32(c).i32(c).i32(c).call(F.add); // C = 2Z²
  code.i32(dd).i32(zero).i32(a).call(F.sub); // D = a·A = -A
  code.i32(e).get(Q).get(Q).i32(FE).add32().call(F.add);
  code.i32(e).i32(e).call(F.sq);
  code.i32(e).i32(e).i32(a).call(F.sub);
  code.i32(e).i32(e).i32(b).call(F.sub); // E = (X + Y)² - A - B
  code.i32(g).i32(dd).i32(b).call(F.add); // G = D + B
  code.i32(f).i32(g).i32(c).call(F.sub); // F = G - C
  code.i32(h).i32(dd).i32(b).call(F.sub); // H = D - B
  code.get(R).i32(e).i32(f).call(F.mul);
  code.get(R).i32(FE).add32().i32(g).i32(h).call(F.mul);
  if (withT)
    code
      .get(R)
      .i32(3 * FE)
      .add32()
      .i32(e)
      .i32(h)
      .call(F.mul);
  code
    .get(R)
    .i32(2 * FE)
    .add32()
    .i32(f)
    .i32(g)
    .call(F.mul);
  return { params: [I32, I32], locals: [], code };
}

/** r = p + q (extended coordinates, a = -1: "add-2008-hwcd-3", complete on Ed25519). r may be p or q. */
function pointAddFunction(): FunctionSpec {
  const [R, Pp, Qp] = [0, 1, 2];
  const { a, b, c, dd, e, f, g, h, t0, d2 } = { ...S, ...MEMORY };
  const at = (base: number, offset: number) => (code: Code) => code.get(base).i32(offset).add32();
  const code = new Code();
  const [xp, yp, zp, tp] = [0, FE, 2 * FE, 3 * FE].map((o) => at(Pp, o));
  const [xq, yq, zq, tq] = [0, FE, 2 * FE, 3 * FE].map((o) => at(Qp, o));
  code.i32(a);
  yp!(code);
  xp!(code);
  code.call(F.sub);
  code.i32(t0);
  yq!(code);
  xq!(code);
  code.call(F.sub);
  code.i32(a).i32(a).i32(t0).call(F.mul); // A = (Y1 - X1)(Y2 - X2)
  code.i32(b);
  yp!(code);
  xp!(code);
  code.call(F.add);
  code.i32(t0);
  yq!(code);
  xq!(code);
  code.call(F.add);
  code.i32(b).i32(b).i32(t0).call(F.mul); // B = (Y1 + X1)(Y2 + X2)
  code.i32(c);
  tp!(code);
  tq!(code);
  code.call(F.mul);
  code.i32(c).i32(c).i32(d2).call(F.mul); // C = T1·2d·T2
  code.i32(dd);
  zp!(code);
  zq!(code);
  code.call(F.mul);
  code.i32(dd).i32(dd).i32(dd).call(F.add); // D = 2·Z1·Z2
  code.i32(e).i32(b).i32(a).call(F.sub);
  code.i32(f).i32(dd).i32(c).call(F.sub);
  code.i32(g).i32(dd).i32(c).call(F.add);
  code.i32(h).i32(b).i32(a).call(F.add);
  code.get(R).i32(e).i32(f).call(F.mul);
  code.get(R).i32(FE).add32().i32(g).i32(h).call(F.mul);
  code
    .get(R)
    .i32(3 * FE)
    .add32()
    .i32(e)
    .i32(h)
    .call(F.mul);
  code
    .get(R)
    .i32(2 * FE)
    .add32()
    .i32(f)
    .i32(g)
    .call(F.mul);
  return { params: [I32, I32, I32], locals: [], code };
}

/** 1 when the point at p is the identity: X = 0 and Y = Z. */
function isIdentityFunction(): FunctionSpec {
  const P = 0;
  const code = new Code();
  code.get(P).call(F.isZero);
  code
    .i32(S.check)
    .get(P)
    .i32(FE)
    .add32()
    .get(P)
    .i32(2 * FE)
    .add32()
    .call(F.sub);
  code.i32(S.check).call(F.isZero).and32();
  return { params: [I32], result: I32, locals: [], code };
}

/** ℓ = 2^252 + 27742317777372353535851937790883648493. */
const L = (1n << 252n) + 27742317777372353535851937790883648493n;

/** After a decompressed point is in slot p: smallOrder, mixedOrder or valid. */
function checkSubgroup(code: Code): void {
  const { p, q } = S;
  code.i32(q).i32(p).call(F.doubleNoT);
  code.i32(q).i32(q).call(F.doubleNoT);
  code.i32(q).i32(q).call(F.doubleNoT);
  code
    .i32(q)
    .call(F.isIdentity)
    .ifElse((c) => c.i32(POINT_CODES.smallOrder).return());
  // q = [ℓ]p, most significant bit first.
  for (let i = 0; i < 4; i++)
    code
      .i32(q + i * FE)
      .i32(p + i * FE)
      .call(F.copy);
  for (let bit = 251; bit >= 0; bit--) {
    const add = ((L >> BigInt(bit)) & 1n) === 1n;
    // Only an addition reads the doubled point's T.
    code
      .i32(q)
      .i32(q)
      .call(add ? F.double : F.doubleNoT);
    if (add) code.i32(q).i32(q).i32(p).call(F.pointAdd);
  }
  code
    .i32(q)
    .call(F.isIdentity)
    .ifElse(
      (c) => c.i32(POINT_CODES.valid).return(),
      (c) => c.i32(POINT_CODES.mixedOrder).return(),
    );
  code.i32(POINT_CODES.valid);
}

/** The compressed Edwards point at the input (sign bit as the param, y < p checked by the caller). */
function checkEdwardsFunction(): FunctionSpec {
  const SIGN = 0;
  const STATUS = 1;
  const code = new Code();
  code.i32(S.y).i32(MEMORY.input).call(F.fromBytes);
  code.get(SIGN).call(F.decompress).tee(STATUS);
  code.ifElse((c) => c.get(STATUS).return());
  checkSubgroup(code);
  return { name: 'checkEdwards', params: [I32], result: I32, locals: [I32], code };
}

/**
 * The Montgomery u at the input (canonical, not one of the small-order values:
 * checked by the caller): y = (u - 1)/(u + 1), then that point with sign 0.
 */
function checkMontgomeryFunction(): FunctionSpec {
  const { u, t0, y, one } = { ...S, ...MEMORY };
  const code = new Code();
  code.i32(S.a).i32(MEMORY.input).call(F.fromBytes);
  code.i32(u).i32(S.a).i32(one).call(F.add);
  code.i32(S.b).i32(u).call(F.invert); // uses t0..t3
  code.i32(t0).i32(S.a).i32(one).call(F.sub);
  code.i32(y).i32(t0).i32(S.b).call(F.mul);
  code
    .i32(0)
    .call(F.decompress)
    .ifElse((c) => c.i32(POINT_CODES.onTwist).return());
  checkSubgroup(code);
  return { name: 'checkMontgomery', params: [], result: I32, locals: [], code };
}

function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}

export function pointCheckModuleBytes(): Uint8Array {
  const functions: FunctionSpec[] = [];
  functions[F.mul] = mulFunction();
  functions[F.sq] = sqFunction();
  functions[F.add] = addSubFunction(false);
  functions[F.sub] = addSubFunction(true);
  functions[F.copy] = copyFunction();
  functions[F.canon] = canonFunction();
  functions[F.isZero] = isZeroFunction();
  functions[F.isNegative] = isNegativeFunction();
  functions[F.sqN] = sqNFunction();
  functions[F.pow22523] = pow22523Function();
  functions[F.invert] = invertFunction();
  functions[F.fromBytes] = fromBytesFunction();
  functions[F.decompress] = decompressFunction();
  functions[F.double] = doubleFunction(true);
  functions[F.doubleNoT] = doubleFunction(false);
  functions[F.pointAdd] = pointAddFunction();
  functions[F.isIdentity] = isIdentityFunction();
  functions[F.checkEdwards] = checkEdwardsFunction();
  functions[F.checkMontgomery] = checkMontgomeryFunction();
  return moduleBytes(functions, Math.ceil(MEMORY_BYTES / 65536));
}

/** A field element's ten limbs, as the module stores them. */
export function limbsOf(value: bigint): bigint[] {
  const limbs: bigint[] = [];
  for (let i = 0; i < 10; i++) {
    const width = BigInt(bits(i));
    limbs.push(value & ((1n << width) - 1n));
    value >>= width;
  }
  return limbs;
}
