import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64, utf8 } from './encoding';
import { canonicalKeyRef, isCanonicalKeySpelling, respelledKey } from './key-spelling';
import { parsePublicKey } from './keys';

const bob32 = x25519.getPublicKey(sha256(utf8('spelling/bob')));
const bob33 = Uint8Array.of(0x05, ...bob32);
const carol = ed25519.getPublicKey(sha256(utf8('spelling/carol')));

describe('key spelling', () => {
  it('gives both spellings of a Curve25519 key the one 33-byte spelling, as safety numbers hash it', () => {
    const canonical = { algorithm: 'curve25519', key: toBase64(bob33) } as const;
    expect(canonicalKeyRef(parsePublicKey('curve25519', bob32, 'identity'))).toEqual(canonical);
    expect(canonicalKeyRef(parsePublicKey('curve25519', bob33, 'identity'))).toEqual(canonical);
    expect(respelledKey({ algorithm: 'curve25519', key: toBase64(bob32) })).toEqual(canonical);
    expect(respelledKey({ algorithm: 'curve25519', key: toBase64(bob32, false) })).toEqual(canonical);
    expect(respelledKey({ algorithm: 'curve25519', key: toBase64(bob33) })).toEqual(canonical);
    expect(isCanonicalKeySpelling(canonical)).toBe(true);
    expect(isCanonicalKeySpelling({ algorithm: 'curve25519', key: toBase64(bob32) })).toBe(false);
  });

  it('spells an Ed25519 key as its 32 bytes in padded base64', () => {
    const canonical = { algorithm: 'ed25519', key: toBase64(carol) } as const;
    expect(canonicalKeyRef(parsePublicKey('ed25519', carol, 'identity'))).toEqual(canonical);
    expect(respelledKey({ algorithm: 'ed25519', key: toBase64(carol, false) })).toEqual(canonical);
    expect(isCanonicalKeySpelling(canonical)).toBe(true);
    expect(isCanonicalKeySpelling({ algorithm: 'ed25519', key: toBase64(carol, false) })).toBe(false);
  });

  it('leaves what is not a key of its algorithm as it is', () => {
    for (const ref of [
      { algorithm: 'curve25519', key: 'not base64!' },
      { algorithm: 'curve25519', key: toBase64(Uint8Array.of(9, ...bob32)) },
      { algorithm: 'ed25519', key: toBase64(bob33) },
      { algorithm: 'ed25519', key: 'AAAA' },
    ] as const)
      expect(respelledKey(ref)).toBe(ref);
    expect(respelledKey(null)).toBeNull();
  });

  it('recognises exactly the canonical spellings, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.boolean(), (bytes, padded) => {
        const text = toBase64(bytes, padded);
        const curve = bytes.length === 33 && bytes[0] === 5 && padded;
        const edwards = bytes.length === 32 && padded;
        expect(isCanonicalKeySpelling({ algorithm: 'curve25519', key: text })).toBe(curve);
        expect(isCanonicalKeySpelling({ algorithm: 'ed25519', key: text })).toBe(edwards);
        const respelled = respelledKey({ algorithm: 'curve25519', key: text });
        if (bytes.length === 32) expect(fromBase64(respelled.key)).toEqual(Uint8Array.of(5, ...bytes));
        if (isCanonicalKeySpelling(respelled)) expect(respelledKey(respelled)).toBe(respelled);
      }),
      { numRuns: 2000 },
    );
  });
});
