import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { PrivateKey, PublicKey } from '@signalapp/libsignal-client';
import { concatBytes, utf8 } from './encoding';
import { fromHex } from './testing/hex';
import { KeyError, parseDeviceKey, parseIdentityKey, type KeyErrorCode } from './keys';
import { verifyEd25519Strict, verifyXEdDSA } from './signatures/checks';
import { verifyEveryPath } from './signatures/testing/both-paths';

const Point = ed25519.Point;
const Fp = Point.Fp;
const L = Point.Fn.ORDER;

function errorCode(run: () => unknown): KeyErrorCode | 'none' {
  try {
    run();
    return 'none';
  } catch (error) {
    expect(error).toBeInstanceOf(KeyError);
    expect((error as KeyError).message).toMatch(/^(identity|device) key \(\S+\): \S/);
    return (error as KeyError).code;
  }
}

/** An Ed25519 key pair from node:crypto, an implementation independent of noble. */
function nodeEd25519(): { publicKey: Uint8Array; sign: (message: Uint8Array) => Uint8Array } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    publicKey: new Uint8Array(der.subarray(der.length - 32)),
    sign: (message) => new Uint8Array(nodeSign(null, message, privateKey)),
  };
}

function libsignalKey(): { key: PrivateKey; serialized: Uint8Array<ArrayBuffer> } {
  const key = PrivateKey.generate();
  return { key, serialized: key.getPublicKey().serialize() };
}

/** Montgomery u of an Edwards point: u = (1 + y) / (1 - y). */
function montgomeryU(point: InstanceType<typeof Point>): Uint8Array {
  const { y } = point.toAffine();
  const u = Fp.div(Fp.add(1n, y), Fp.sub(1n, y));
  return Fp.toBytes(u);
}

const ORDER_8 = Point.fromBytes(fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));

describe('Ed25519 keys', () => {
  it('accepts real keys and returns them unchanged', () => {
    for (let i = 0; i < 20; i++) {
      const { publicKey } = nodeEd25519();
      const parsed = parseDeviceKey('ed25519', publicKey);
      expect(parsed).toEqual({ algorithm: 'ed25519', role: 'device', publicKey, serialized: publicKey });
      expect(parseIdentityKey('ed25519', publicKey).role).toBe('identity');
    }
  });

  it('rejects a mixed-order key: a real key plus a point of order 8', () => {
    const { publicKey } = nodeEd25519();
    const mixed = Point.fromBytes(publicKey).add(ORDER_8).toBytes();
    expect(errorCode(() => parseDeviceKey('ed25519', mixed))).toBe('mixed-order');
  });

  it('rejects keys with a reason for each flaw', () => {
    expect(errorCode(() => parseDeviceKey('ed25519', new Uint8Array(31)))).toBe('wrong-length');
    expect(errorCode(() => parseDeviceKey('ed25519', new Uint8Array(33)))).toBe('wrong-length');
    expect(errorCode(() => parseDeviceKey('ed25519', 'abc' as unknown as Uint8Array))).toBe('bad-encoding');
    expect(errorCode(() => parseDeviceKey('x448' as 'ed25519', new Uint8Array(32)))).toBe('unknown-algorithm');
    // y = 2 has no x on Ed25519 (checked with noble's decoder, which must agree).
    const y2 = new Uint8Array(32);
    y2[0] = 2;
    expect(() => Point.fromBytes(y2)).toThrow();
    expect(errorCode(() => parseDeviceKey('ed25519', y2))).toBe('not-on-curve');
  });
});

// Every verdict below is checked on every path (JavaScript, WebCrypto, batched and remembered): see testing/both-paths.ts.
const ed = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => verifyEveryPath('ed25519', publicKey, message, signature);
const xed = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => verifyEveryPath('xeddsa', publicKey, message, signature);

describe('verifyEd25519Strict', () => {
  it('accepts signatures made by node:crypto and rejects any single-bit change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.nat(), async (message, flip) => {
        const signer = nodeEd25519();
        const signature = signer.sign(message);
        expect(await ed(signer.publicKey, message, signature)).toBe(true);
        const bit = flip % (64 * 8);
        const bad = signature.slice();
        bad[bit >> 3]! ^= 1 << (bit & 7);
        expect(await ed(signer.publicKey, message, bad)).toBe(false);
        const otherMessage = concatBytes(message, new Uint8Array([0]));
        expect(await ed(signer.publicKey, otherMessage, signature)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('never throws on malformed input', async () => {
    const junk = [undefined, null, 'text', 42, {}, new Uint8Array(0), new Uint8Array(31), new Uint8Array(65)];
    const signer = nodeEd25519();
    const message = utf8('hi');
    const signature = signer.sign(message);
    for (const value of junk) {
      const j = value as unknown as Uint8Array;
      expect(verifyEd25519Strict(j, message, signature)).toBe(false);
      expect(verifyEd25519Strict(signer.publicKey, j, signature)).toBe(false);
      expect(verifyEd25519Strict(signer.publicKey, message, j)).toBe(false);
      expect(await ed(j, message, signature)).toBe(false);
      expect(await ed(signer.publicKey, j, signature)).toBe(false);
      expect(await ed(signer.publicKey, message, j)).toBe(false);
    }
  });

  it('refuses the small-order key forgery that ZIP-215 verification accepts', async () => {
    const identity = Point.ZERO.toBytes();
    const forged = concatBytes(identity, new Uint8Array(32)); // R = identity, s = 0
    const message = utf8('pay Mallory');
    expect(ed25519.verify(forged, message, identity)).toBe(true); // lenient default
    expect(await ed(identity, message, forged)).toBe(false);
  });

  it('refuses a mixed-order key even with a signature that cofactored verification accepts', async () => {
    // A' = aB + T8. With s = r + k·a, [8](sB - R - kA') = -8kT8 = 0, so the
    // cofactored equation holds although A' is no honest public key.
    const a = 0x1234567890abcdefn,
      r = 0xfedcba0987654321n;
    const mixed = Point.BASE.multiply(a).add(ORDER_8).toBytes();
    const R = Point.BASE.multiply(r).toBytes();
    const message = utf8('hello');
    const k = bytesToScalar(sha512(concatBytes(R, mixed, message)));
    const s = (r + k * a) % L;
    const signature = concatBytes(R, Point.Fn.toBytes(s));
    expect(ed25519.verify(signature, message, mixed, { zip215: false })).toBe(true);
    expect(await ed(mixed, message, signature)).toBe(false);
  });
});

describe('Curve25519 keys', () => {
  it('accepts libsignal identity keys, 33 bytes with 0x05 or the bare 32', () => {
    for (let i = 0; i < 20; i++) {
      const { serialized } = libsignalKey();
      const bare = serialized.slice(1);
      const parsed = parseIdentityKey('curve25519', serialized);
      expect(parsed.publicKey).toEqual(bare);
      expect(parsed.serialized).toEqual(serialized);
      expect(parseIdentityKey('curve25519', bare).serialized).toEqual(serialized);
    }
  });

  it('rejects a bad prefix, wrong lengths, the top bit and a mixed-order u', () => {
    const { serialized } = libsignalKey();
    const badPrefix = serialized.slice();
    badPrefix[0] = 0x06;
    expect(errorCode(() => parseIdentityKey('curve25519', badPrefix))).toBe('bad-prefix');
    for (const n of [0, 1, 31, 34, 64]) {
      expect(errorCode(() => parseIdentityKey('curve25519', new Uint8Array(n)))).toBe('wrong-length');
    }
    const topBit = serialized.slice(1);
    topBit[31]! |= 0x80;
    expect(errorCode(() => parseIdentityKey('curve25519', topBit))).toBe('non-canonical');
    const edwards = Point.fromBytes(ed25519EquivalentOf(serialized.slice(1)));
    expect(errorCode(() => parseIdentityKey('curve25519', montgomeryU(edwards)))).toBe('none');
    expect(errorCode(() => parseIdentityKey('curve25519', montgomeryU(edwards.add(ORDER_8))))).toBe('mixed-order');
  });
});

describe('verifyXEdDSA (differential against libsignal)', () => {
  it('agrees with libsignal on its own signatures and on every single-bit change', async () => {
    const signer = libsignalKey();
    const publicKey = PublicKey.deserialize(signer.serialized);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat(), async (message, flip) => {
        const m = new Uint8Array(message);
        const signature = signer.key.sign(m);
        expect(await xed(signer.serialized, m, signature)).toBe(true);
        expect(await xed(signer.serialized.slice(1), m, signature)).toBe(true);
        const bit = flip % (64 * 8);
        const bad = signature.slice();
        bad[bit >> 3]! ^= 1 << (bit & 7);
        expect(await xed(signer.serialized, m, bad)).toBe(publicKey.verify(m, bad));
        expect(verifyXEdDSA(signer.serialized, m, bad)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('works for many keys (both Edwards sign bits occur)', async () => {
    const signBits = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const signer = libsignalKey();
      const message = new Uint8Array(utf8(`message ${i}`));
      const signature = signer.key.sign(message);
      signBits.add(signature[63]! >> 7);
      expect(await xed(signer.serialized, message, signature)).toBe(true);
      expect(await xed(libsignalKey().serialized, message, signature)).toBe(false);
    }
    expect(signBits).toEqual(new Set([0, 1]));
  });

  it('never throws on malformed input', async () => {
    const signer = libsignalKey();
    const message = new Uint8Array(utf8('hi'));
    const signature = signer.key.sign(message);
    for (const value of [undefined, null, 'x', 7, new Uint8Array(0), new Uint8Array(63), new Uint8Array(32)]) {
      const j = value as unknown as Uint8Array;
      expect(verifyXEdDSA(j, message, signature)).toBe(false);
      expect(verifyXEdDSA(signer.serialized, j, signature)).toBe(false);
      expect(verifyXEdDSA(signer.serialized, message, j)).toBe(false);
      expect(await xed(j, message, signature)).toBe(false);
      expect(await xed(signer.serialized, j, signature)).toBe(false);
      expect(await xed(signer.serialized, message, j)).toBe(false);
    }
  });
});

function bytesToScalar(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n % L;
}

/** The Edwards point (sign bit 0) whose Montgomery u is the given one: y = (u - 1) / (u + 1). */
function ed25519EquivalentOf(u: Uint8Array): Uint8Array {
  const uValue = Fp.fromBytes(u);
  return Fp.toBytes(Fp.div(Fp.sub(uValue, 1n), Fp.add(uValue, 1n)));
}
