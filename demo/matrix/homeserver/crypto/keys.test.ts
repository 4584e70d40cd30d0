// The server's own signing: canonical JSON as the spec's appendix gives it,
// signatures that verify, and secrets that are the real private keys.

import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { canonicalJson, signedText } from './canonical-json';
import { hasValidSignature, newAgreementKey, newSigningKey, secretOf, signJson, type SignedObject } from './keys';

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

describe('canonical JSON', () => {
  it("matches the spec's examples: sorted keys, no spaces, unicode as is", () => {
    expect(canonicalJson({ b: '2', a: '1' })).toBe('{"a":"1","b":"2"}');
    expect(canonicalJson({ one: 1, two: 'Two' })).toBe('{"one":1,"two":"Two"}');
    expect(canonicalJson({ a: '日本語' })).toBe('{"a":"日本語"}');
    expect(canonicalJson({ 本: 2, 日: 1 })).toBe('{"日":1,"本":2}');
    expect(canonicalJson({ a: '\u0000' })).toBe('{"a":"\\u0000"}');
    expect(canonicalJson({ a: null, b: [true, false] })).toBe('{"a":null,"b":[true,false]}');
  });

  it('sorts by code point, not by UTF-16 unit, and refuses non-integers', () => {
    expect(canonicalJson({ '\u{1F600}': 1, '\uFFFD': 2 })).toBe('{"\uFFFD":2,"\u{1F600}":1}');
    expect(() => canonicalJson({ a: 1.5 })).toThrow(/integers only/);
  });

  it('signs without the signatures and unsigned members', () => {
    expect(signedText({ a: 1, signatures: { x: {} }, unsigned: { age: 1 } })).toBe('{"a":1}');
  });
});

describe('keys', () => {
  it('signatures verify under the public key, and fail once the object changes', () => {
    const key = newSigningKey();
    const object: SignedObject = signJson({ user_id: '@a:localhost', keys: { 'ed25519:D': key.publicKey } }, '@a:localhost', 'D', key);
    expect(hasValidSignature(object, '@a:localhost', 'D', key.publicKey)).toBe(true);
    expect(
      ed25519.verify(
        fromBase64(object.signatures!['@a:localhost']!['ed25519:D']!),
        new TextEncoder().encode(signedText(object)),
        fromBase64(key.publicKey),
      ),
    ).toBe(true);
    expect(hasValidSignature({ ...object, user_id: '@b:localhost' }, '@a:localhost', 'D', key.publicKey)).toBe(false);
    expect(hasValidSignature(object, '@a:localhost', 'D', newSigningKey().publicKey)).toBe(false);
  });

  it('the secret handed out is the private key of the public one', () => {
    const signing = newSigningKey();
    expect(
      Buffer.from(ed25519.getPublicKey(fromBase64(secretOf(signing))))
        .toString('base64')
        .replace(/=+$/, ''),
    ).toBe(signing.publicKey);
    const agreement = newAgreementKey();
    expect(
      Buffer.from(x25519.getPublicKey(fromBase64(secretOf(agreement))))
        .toString('base64')
        .replace(/=+$/, ''),
    ).toBe(agreement.publicKey);
  });
});
