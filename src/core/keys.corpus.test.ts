// Corpora of keys that must never be accepted, each with the reason it must give.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { PrivateKey } from '@signalapp/libsignal-client';
import { concatBytes, toHex } from './encoding';
import { fromHex } from './testing/hex';
import { KeyError, parseDeviceKey, parseIdentityKey, pointCheckOf, pointEngine, type KeyErrorCode, type PointCheck } from './keys';
import { verifyEveryPath } from './signatures/testing/both-paths';

const Point = ed25519.Point;
const Fp = Point.Fp;
const P = Fp.ORDER;
const L = Point.Fn.ORDER;
const A = 486662n;

function verdictOf(run: () => unknown): { code: KeyErrorCode | 'accepted'; message: string } {
  try {
    run();
    return { code: 'accepted', message: '' };
  } catch (error) {
    expect(error).toBeInstanceOf(KeyError);
    return { code: (error as KeyError).code, message: (error as KeyError).message };
  }
}
/** The verdict, the same from both point-check engines (WebAssembly and @noble/curves), message included. */
function verdict(run: (checkPoint: PointCheck) => unknown): KeyErrorCode | 'accepted' {
  const [wasm, js] = (['wasm', 'js'] as const).map((engine) => verdictOf(() => run(pointCheckOf(engine))));
  expect(wasm).toEqual(js);
  return js!.code;
}
const ed = (bytes: Uint8Array) => verdict((check) => parseDeviceKey('ed25519', bytes, check));
const curve = (bytes: Uint8Array) => verdict((check) => parseIdentityKey('curve25519', bytes, check));

it('runs where the WebAssembly engine is available (both engines are compared below)', () => {
  expect(pointEngine()).toBe('wasm');
});

const le = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const fromLe = (b: Uint8Array) => b.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n);
const withTopBit = (b: Uint8Array) => {
  const c = b.slice();
  c[31]! |= 0x80;
  return c;
};
const modPow = (base: bigint, exp: bigint): bigint => {
  let result = 1n;
  for (base %= P; exp > 0n; exp >>= 1n, base = (base * base) % P) if (exp & 1n) result = (result * base) % P;
  return result;
};
/** Is u the u-coordinate of a point on Curve25519 (rather than on its twist)? Euler's criterion. */
const onCurve = (u: bigint) => modPow((u * u * u + A * u * u + u) % P, (P - 1n) / 2n) !== P - 1n;
/** [L]Q = identity, computed without isTorsionFree. */
const primeOrder = (q: InstanceType<typeof Point>) =>
  q
    .multiplyUnsafe(L - 1n)
    .add(q)
    .is0();
const montgomeryU = (q: InstanceType<typeof Point>) => {
  const { y } = q.toAffine();
  return le(Fp.div(Fp.add(1n, y), Fp.sub(1n, y)));
};

// The eight points of small order on Ed25519, canonically encoded ("Taming the many EdDSAs", 2020).
const ED25519_SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
];
// Curve25519 u-coordinates of small order, canonical (libsodium's blocklist).
const CURVE25519_SMALL_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

function realEd25519Key(): Uint8Array {
  return ed25519.getPublicKey(ed25519.utils.randomSecretKey());
}
function realCurve25519Key(): Uint8Array {
  return PrivateKey.generate().getPublicKey().serialize().subarray(1);
}

describe('Ed25519 corpus', () => {
  const torsion = ED25519_SMALL_ORDER.map((hex) => Point.fromBytes(fromHex(hex)));

  it('the small-order list is exactly the eight-torsion subgroup', () => {
    const generated = new Set(Array.from({ length: 8 }, (_, k) => toHex(torsion[4]!.multiplyUnsafe(BigInt(k)).toBytes())));
    expect(generated).toEqual(new Set(ED25519_SMALL_ORDER));
    for (const q of torsion) expect(q.multiplyUnsafe(8n).is0()).toBe(true);
  });

  it('refuses every small-order point, and no signature verifies under one, on any path', async () => {
    for (const hex of ED25519_SMALL_ORDER) {
      expect(ed(fromHex(hex))).toBe('small-order');
      const forged = concatBytes(fromHex(hex), new Uint8Array(32));
      expect(await verifyEveryPath('ed25519', fromHex(hex), new Uint8Array(1), forged)).toBe(false);
    }
  });

  it('refuses every encoding with y ≥ p, and x = 0 with the sign bit set, as non-canonical', () => {
    for (let k = 0n; k < 19n; k++) {
      expect(ed(le(P + k))).toBe('non-canonical');
      expect(ed(withTopBit(le(P + k)))).toBe('non-canonical');
    }
    expect(ed(withTopBit(le(1n)))).toBe('non-canonical'); // the identity, "negative zero"
    expect(ed(withTopBit(le(P - 1n)))).toBe('non-canonical'); // the point of order 2, likewise
  });

  it('refuses a real key plus any non-zero torsion point as mixed-order', () => {
    for (let i = 0; i < 5; i++) {
      const key = Point.fromBytes(realEd25519Key());
      for (const q of torsion.filter((t) => !t.is0())) expect(ed(key.add(q).toBytes())).toBe('mixed-order');
    }
  });

  it('refuses wrong lengths', () => {
    for (let n = 0; n <= 64; n++) if (n !== 32) expect(ed(new Uint8Array(n))).toBe('wrong-length');
  });

  it('classifies random encodings exactly as the curve equation and the group order say', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const y = fromLe(bytes) & ((1n << 255n) - 1n);
        const got = ed(bytes);
        seen.add(got);
        if (y >= P) {
          expect(got).toBe('non-canonical');
          return;
        }
        const y2 = (y * y) % P;
        const x2 = Fp.div(Fp.sub(y2, 1n), Fp.add(Fp.mul(Point.CURVE().d, y2), 1n));
        if (modPow(x2, (P - 1n) / 2n) === P - 1n) {
          expect(got).toBe('not-on-curve');
          return;
        }
        if (x2 === 0n && (bytes[31]! & 0x80) !== 0) {
          expect(got).toBe('non-canonical');
          return;
        }
        const q = Point.fromBytes(bytes);
        if (q.multiplyUnsafe(8n).is0()) {
          expect(got).toBe('small-order');
          return;
        }
        expect(got).toBe(primeOrder(q) ? 'accepted' : 'mixed-order');
      }),
      { numRuns: 300 },
    );
    expect(seen).toEqual(new Set(['not-on-curve', 'mixed-order', 'accepted']));
    for (let i = 0; i < 20; i++) expect(ed(realEd25519Key())).toBe('accepted');
  });
});

describe('Curve25519 corpus', () => {
  it('the small-order list holds only values X25519 itself refuses', () => {
    const secret = x25519.utils.randomSecretKey();
    for (const hex of CURVE25519_SMALL_ORDER) expect(() => x25519.getSharedSecret(secret, fromHex(hex))).toThrow();
  });

  it('refuses every small-order u, and their non-canonical spellings', async () => {
    for (const hex of CURVE25519_SMALL_ORDER) {
      const u = fromHex(hex);
      expect(curve(u)).toBe('small-order');
      expect(curve(concatBytes(Uint8Array.of(5), u))).toBe('small-order');
      expect(curve(withTopBit(u))).toBe('non-canonical');
      if (fromLe(u) + P < 1n << 255n) expect(curve(le(fromLe(u) + P))).toBe('non-canonical');
      expect(await verifyEveryPath('xeddsa', u, new Uint8Array(1), new Uint8Array(64))).toBe(false);
    }
  });

  it('refuses u ≥ p and a set top bit as non-canonical, even for a real key', () => {
    for (let k = 0n; k < 19n; k++) expect(curve(le(P + k))).toBe('non-canonical');
    for (let i = 0; i < 5; i++) expect(curve(withTopBit(realCurve25519Key()))).toBe('non-canonical');
  });

  it('refuses a real key moved off the prime-order subgroup as mixed-order', () => {
    const torsion = ED25519_SMALL_ORDER.map((hex) => Point.fromBytes(fromHex(hex))).filter((t) => !t.is0());
    for (let i = 0; i < 5; i++) {
      const { y } = Point.fromBytes(realEd25519Key()).toAffine();
      const key = Point.fromAffine(Point.fromBytes(le(y)).toAffine());
      for (const q of torsion) {
        const u = montgomeryU(key.add(q));
        if (fromLe(u) === P - 1n) continue; // y = 0 has no Montgomery form
        expect(curve(u)).toBe('mixed-order');
      }
    }
  });

  it('refuses every prefix but 0x05, and wrong lengths', () => {
    const u = realCurve25519Key();
    for (let prefix = 0; prefix < 256; prefix++) {
      if (prefix !== 5) expect(curve(concatBytes(Uint8Array.of(prefix), u))).toBe('bad-prefix');
    }
    for (let n = 0; n <= 64; n++) if (n !== 32 && n !== 33) expect(curve(new Uint8Array(n))).toBe('wrong-length');
  });

  it('classifies random u exactly as the curve equation and the group order say', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: P - 1n }), (uValue) => {
        const got = curve(le(uValue));
        seen.add(got);
        if (CURVE25519_SMALL_ORDER.includes(toHex(le(uValue)))) {
          expect(got).toBe('small-order');
          return;
        }
        if (!onCurve(uValue)) {
          expect(got).toBe('not-on-curve');
          return;
        }
        const q = Point.fromBytes(le(Fp.div(Fp.sub(uValue, 1n), Fp.add(uValue, 1n))));
        expect(got).toBe(primeOrder(q) ? 'accepted' : 'mixed-order');
      }),
      { numRuns: 300 },
    );
    expect([...seen]).toEqual(expect.arrayContaining(['not-on-curve', 'mixed-order', 'accepted']));
    for (let i = 0; i < 20; i++) expect(curve(realCurve25519Key())).toBe('accepted');
  });
});
