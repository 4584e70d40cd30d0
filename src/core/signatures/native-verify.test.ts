import { webcrypto } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { fromBase64, utf8 } from '../encoding';
import { nativeEd25519, type Ed25519Subtle } from './native-verify';
import { ed25519Signer, honestSignature, mixedOrderR } from './testing/crafted-signatures';

const subtle = webcrypto.subtle as unknown as Ed25519Subtle;
const source = await import('node:fs').then((fs) => fs.readFileSync(new URL('./native-verify.ts', import.meta.url), 'utf8'));
const constant = (name: string) => new RegExp(`${name}: '([^']+)'`).exec(source)![1]!;

describe('the self-test vectors', () => {
  it('are what they claim: a key, a valid signature, and one only a cofactored equation accepts', () => {
    const signer = ed25519Signer(sha256(utf8('KeyWatch WebCrypto self-test key')));
    const message = utf8(constant('message'));
    const key = fromBase64(constant('key'));
    expect(key).toEqual(signer.publicKey);
    const valid = fromBase64(constant('valid'));
    const cofactoredOnly = fromBase64(constant('cofactoredOnly'));
    expect(ed25519.verify(valid, message, key, { zip215: false })).toBe(true);
    expect(ed25519.verify(cofactoredOnly, message, key, { zip215: false })).toBe(true);
    // Its R is a valid R plus a point of order 8: [8]R is [8] of an honest R, R itself is not of prime order.
    const r = ed25519.Point.fromBytes(cofactoredOnly.subarray(0, 32));
    expect(r.isTorsionFree()).toBe(false);
    expect(r.isSmallOrder()).toBe(false);
  });
});

describe('nativeEd25519', () => {
  it("uses Node's WebCrypto, which decides as the strict checks expect", async () => {
    const native = await nativeEd25519(subtle);
    expect(native).not.toBeNull();
    const signer = ed25519Signer(new Uint8Array(32).fill(7));
    const message = utf8('hello');
    expect(await native!.evaluate({ key: signer.publicKey, message, signature: honestSignature(signer, message) })).toBe(true);
    expect(await native!.evaluate({ key: signer.publicKey, message, signature: mixedOrderR(signer, message) })).toBe(false);
  });

  it('is not used without WebCrypto, without Ed25519 in it, or when it computes the cofactored equation', async () => {
    expect(await nativeEd25519(undefined)).toBeNull();
    const unsupported: Ed25519Subtle = {
      importKey: () => Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError')),
      verify: () => Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError')),
    };
    expect(await nativeEd25519(unsupported)).toBeNull();
    // A verifier with the cofactored equation (as noble's verify computes it) fails the self-test.
    const cofactored: Ed25519Subtle = {
      importKey: (async (_format: string, key: Uint8Array) => ({ key }) as unknown as CryptoKey) as Ed25519Subtle['importKey'],
      verify: (async (_algorithm: unknown, key: { key: Uint8Array }, signature: Uint8Array, message: Uint8Array) =>
        ed25519.verify(signature, message, key.key, { zip215: false })) as unknown as Ed25519Subtle['verify'],
    };
    expect(await nativeEd25519(cofactored)).toBeNull();
    // And one that accepts everything, too.
    const lenient: Ed25519Subtle = { ...cofactored, verify: (async () => true) as unknown as Ed25519Subtle['verify'] };
    expect(await nativeEd25519(lenient)).toBeNull();
  });
});
