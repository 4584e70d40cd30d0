// Differential test against libsignal's own implementation (a dev dependency,
// never shipped): the same inputs must give the same digits and scannable bytes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Fingerprint, PrivateKey, PublicKey, ScannableFingerprint } from '@signalapp/libsignal-client';
import { toHex, utf8 } from './encoding';
import { compareScannedCode, computeSafetyNumber, type ScanComparison } from './safety-number';

/** A small deterministic generator (mulberry32), so any failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20240611);
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(0, 255));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;

const TEXT = ['Zoë', 'Łódź', '東京', 'مرحبا', '👩🏽‍💻', 'e\u0301', '\u0000', 'Ω≈ç√', 'ק', '\uFEFF'];
const IDENTIFIER_SHAPES: Record<string, () => Uint8Array<ArrayBuffer>> = {
  empty: () => new Uint8Array(0),
  phone: () => utf8(`+${int(1, 99)}${String(int(0, 1e9)).padStart(9, '0')}`) as Uint8Array<ArrayBuffer>,
  uuid: () => bytes(16),
  ascii: () => utf8(String.fromCharCode(...Array.from({ length: int(1, 64) }, () => int(32, 126)))) as Uint8Array<ArrayBuffer>,
  nonAscii: () => utf8(Array.from({ length: int(1, 12) }, () => pick(TEXT)).join('')) as Uint8Array<ArrayBuffer>,
  long: () => bytes(int(200, 3000)),
  randomBytes: () => bytes(int(1, 100)),
};

function identityKey(): Uint8Array<ArrayBuffer> {
  return PrivateKey.deserialize(bytes(32)).getPublicKey().serialize();
}

function libsignal(iterations: number, version: number, local: Party, remote: Party) {
  const fingerprint = Fingerprint.new(
    iterations,
    version,
    local.stableId,
    PublicKey.deserialize(local.identityKey),
    remote.stableId,
    PublicKey.deserialize(remote.identityKey),
  );
  return { digits: fingerprint.displayableFingerprint().toString(), scannable: fingerprint.scannableFingerprint().toBuffer() };
}

interface Party {
  stableId: Uint8Array<ArrayBuffer>;
  identityKey: Uint8Array<ArrayBuffer>;
}

function checkPair(iterations: number, version: number, local: Party, remote: Party): void {
  const ours = computeSafetyNumber(local, remote, { iterations, version });
  const theirs = computeSafetyNumber(remote, local, { iterations, version });
  const reference = libsignal(iterations, version, local, remote);
  const referenceTheirs = libsignal(iterations, version, remote, local);
  expect(ours.digits).toBe(reference.digits);
  expect(theirs.digits).toBe(referenceTheirs.digits);
  expect(toHex(ours.scannable)).toBe(toHex(reference.scannable));
  expect(toHex(theirs.scannable)).toBe(toHex(referenceTheirs.scannable));
}

const shapes = Object.keys(IDENTIFIER_SHAPES);
const randomVersion = () => pick([0, 1, 2, 2, 2, int(3, 127), int(128, 2 ** 32 - 1)]);

describe('computeSafetyNumber equals libsignal Fingerprint', () => {
  it('on 1,000 random pairs, every identifier shape, few iterations (2..200)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const [localShape, remoteShape] = [shapes[i % shapes.length]!, pick(shapes)];
      seen.add(localShape);
      const local = { stableId: IDENTIFIER_SHAPES[localShape]!(), identityKey: identityKey() };
      const remote = { stableId: IDENTIFIER_SHAPES[remoteShape]!(), identityKey: identityKey() };
      checkPair(int(2, 200), randomVersion(), local, remote);
    }
    expect(seen.size).toBe(shapes.length);
  });

  it("on 60 random pairs with Signal's 5,200 iterations", () => {
    for (let i = 0; i < 60; i++) {
      const local = { stableId: IDENTIFIER_SHAPES[shapes[i % shapes.length]!]!(), identityKey: identityKey() };
      const remote = { stableId: IDENTIFIER_SHAPES[pick(shapes)]!(), identityKey: identityKey() };
      checkPair(5200, pick([1, 2]), local, remote);
    }
  });

  it('on identical parties, identical keys, and the iteration bounds (2 and 1,000,000)', () => {
    const same = { stableId: utf8('+14155550100') as Uint8Array<ArrayBuffer>, identityKey: identityKey() };
    checkPair(5200, 2, same, same);
    checkPair(2, 2, same, { stableId: new Uint8Array(0), identityKey: same.identityKey });
    checkPair(1_000_000, 2, same, { stableId: bytes(16), identityKey: identityKey() });
  });

  it('refuses the iteration counts libsignal refuses', () => {
    const p = { stableId: bytes(16), identityKey: identityKey() };
    for (const iterations of [1, 1_000_001]) {
      expect(() => libsignal(iterations, 2, p, p)).toThrow(/iterations/);
      expect(() => computeSafetyNumber(p, p, { iterations })).toThrow(/iterations/);
    }
  });
});

describe('compareScannedCode equals ScannableFingerprint.compare', () => {
  function reference(ours: Uint8Array<ArrayBuffer>, scanned: Uint8Array<ArrayBuffer>): ScanComparison['result'] {
    try {
      return ScannableFingerprint._fromBuffer(ours).compare(ScannableFingerprint._fromBuffer(scanned)) ? 'match' : 'mismatch';
    } catch (error) {
      const message = (error as Error).message;
      if (/version number mismatch/.test(message)) return 'version-mismatch';
      expect(message).toMatch(/parsing error/);
      return 'not-a-code';
    }
  }

  it('on real codes and on corrupted ones (changed, cut, inserted bytes)', () => {
    const alice = { stableId: bytes(16), identityKey: identityKey() };
    const bob = { stableId: bytes(16), identityKey: identityKey() };
    const ours = new Uint8Array(computeSafetyNumber(alice, bob).scannable);
    const theirs = libsignal(5200, 2, bob, alice).scannable;
    expect(compareScannedCode(ours, theirs)).toEqual({ result: 'match' });
    expect(reference(ours, theirs)).toBe('match');
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('set', 'cut', 'insert'), value: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        (edits) => {
          let code = Array.from(theirs);
          for (const { at, kind, value } of edits) {
            const i = at % (code.length + 1);
            if (kind === 'set' && i < code.length) code[i] = value;
            else if (kind === 'cut') code = code.slice(0, i);
            else code.splice(i, 0, value);
          }
          const scanned = Uint8Array.from(code);
          const expected = scanned.length === 0 ? 'not-a-code' : reference(ours, scanned); // an empty scan is no code
          const actual = compareScannedCode(ours, scanned).result;
          outcomes.add(actual);
          expect(actual).toBe(expected);
        },
      ),
      { numRuns: 3000, seed: 11 },
    );
    expect(outcomes).toEqual(new Set(['match', 'mismatch', 'version-mismatch', 'not-a-code']));
  });

  it('on protobuf-shaped messages: any fields, order, repetition and wire type', () => {
    // Groups (wire types 3 and 4, long deprecated) are left out: this decoder refuses them,
    // libsignal's skips them inside unknown fields.
    const alice = { stableId: bytes(16), identityKey: identityKey() };
    const bob = { stableId: bytes(16), identityKey: identityKey() };
    const ours = new Uint8Array(computeSafetyNumber(alice, bob).scannable);
    const theirs = libsignal(5200, 2, bob, alice).scannable;
    const varint = (n: number) => {
      const out = [];
      while (n >= 128) {
        out.push((n & 127) | 128);
        n >>>= 7;
      }
      return [...out, n];
    };
    const field = (number: number, wire: number, body: number[]) => [
      ...varint(number * 8 + wire),
      ...(wire === 2 ? [...varint(body.length), ...body] : body),
    ];
    const realParts = [theirs.subarray(2, 38), theirs.subarray(38), theirs.subarray(0, 2)].map((p) => Array.from(p));
    const part = fc.oneof(
      fc.constantFrom(...realParts),
      fc.record({ number: fc.integer({ min: 1, max: 5 }), value: fc.nat() }).map(({ number, value }) => field(number, 0, varint(value))),
      fc
        .record({ number: fc.integer({ min: 1, max: 5 }), body: fc.uint8Array({ maxLength: 34 }) })
        .map(({ number, body }) => field(number, 2, Array.from(body))),
      fc
        .record({ number: fc.integer({ min: 1, max: 5 }), wide: fc.boolean() })
        .map(({ number, wide }) => field(number, wide ? 1 : 5, new Array(wide ? 8 : 4).fill(7))),
      fc
        .record({ outer: fc.integer({ min: 2, max: 3 }), inner: fc.integer({ min: 1, max: 2 }), wire: fc.constantFrom(0, 2, 5) })
        .map(({ outer, inner, wire }) =>
          field(outer, 2, field(inner, wire, wire === 0 ? [1] : wire === 5 ? [0, 0, 0, 0] : Array.from(theirs.subarray(6, 38)))),
        ),
    );
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(fc.shuffledSubarray(realParts), fc.array(part, { maxLength: 5 }), fc.nat(), (real, extra, cut) => {
        const k = cut % (extra.length + 1);
        const scanned = Uint8Array.from([...extra.slice(0, k), ...real, ...extra.slice(k)].flat());
        fc.pre(scanned.length > 0);
        const actual = compareScannedCode(ours, scanned).result;
        outcomes.add(actual);
        expect(actual).toBe(reference(ours, scanned));
      }),
      { numRuns: 3000, seed: 5 },
    );
    expect(outcomes).toEqual(new Set(['match', 'mismatch', 'version-mismatch', 'not-a-code']));
  });
});
