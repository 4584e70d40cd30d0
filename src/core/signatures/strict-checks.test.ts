// Signatures crafted where verifiers part ways. KeyWatch's rule: the key and
// R of prime order (R's small-order part is caught by the cofactorless
// equation, a small-order R by the strict checks), S < ℓ, canonical
// encodings. Every path (JavaScript, WebCrypto, batched, remembered) must give
// that verdict; the references show why each case matters.
import { sign as nodeSign, verify as nodeVerify, createPrivateKey, createPublicKey } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { PublicKey } from '@signalapp/libsignal-client';
import { describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../encoding';
import { verdictsOfEveryPath, verifyEveryPath } from './testing/both-paths';
import {
  ed25519Signer,
  honestSignature,
  identityR,
  mixedOrderR,
  nonCanonicalR,
  unreducedS,
  type Signer,
} from './testing/crafted-signatures';

const Point = ed25519.Point;
const Fp = Point.Fp;

const seedOf = (label: string) => Uint8Array.from(utf8(label.padEnd(32, '.')).subarray(0, 32));

/** OpenSSL's verdict (node:crypto), cofactorless and without a small-order check on R. */
function openssl(signer: Signer, message: Uint8Array, signature: Uint8Array): boolean {
  const spki = concatBytes(Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]), signer.publicKey);
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  return nodeVerify(null, message, key, signature);
}

/** noble's verify: the cofactored equation. */
const cofactored = (signer: Signer, message: Uint8Array, signature: Uint8Array) =>
  ed25519.verify(signature, message, signer.publicKey, { zip215: false });

describe('crafted Ed25519 signatures: every path agrees, whatever other verifiers do', () => {
  const signer = ed25519Signer(seedOf('crafted ed25519 signer'));
  const message = utf8('device keys of @bob:example.org');
  const cases: Array<[string, (s: Signer, m: Uint8Array) => Uint8Array, { keywatch: boolean; openssl: boolean; cofactored: boolean }]> = [
    ['an honest signature', honestSignature, { keywatch: true, openssl: true, cofactored: true }],
    // Only a cofactored verifier accepts it: the equation decides, and KeyWatch's is cofactorless.
    ['R with a component of order 8', mixedOrderR, { keywatch: false, openssl: false, cofactored: true }],
    // Both equations hold (r = 0); refused for R being of small order, as ed25519-dalek's verify_strict does.
    ['R = the identity, S = k·a', identityR, { keywatch: false, openssl: true, cofactored: true }],
    ['R = the identity spelled y = 1 + p', nonCanonicalR, { keywatch: false, openssl: false, cofactored: false }],
    ['S + ℓ in place of S', unreducedS, { keywatch: false, openssl: false, cofactored: false }],
  ];
  it.each(cases)('%s', async (_name, craft, expected) => {
    const signature = craft(signer, message);
    expect(await verifyEveryPath('ed25519', signer.publicKey, message, signature)).toBe(expected.keywatch);
    expect(openssl(signer, message, signature)).toBe(expected.openssl);
    expect(cofactored(signer, message, signature)).toBe(expected.cofactored);
  });

  it('an honest signature from node:crypto verifies on every path, and a signature over other bytes on none', async () => {
    const key = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedOf('node signer'))]),
      format: 'der',
      type: 'pkcs8',
    });
    const publicKey = new Uint8Array(createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32));
    const signature = new Uint8Array(nodeSign(null, message, key));
    expect(await verifyEveryPath('ed25519', publicKey, message, signature)).toBe(true);
    expect(await verifyEveryPath('ed25519', publicKey, utf8('something else'), signature)).toBe(false);
  });
});

/**
 * XEdDSA as Signal's identity keys sign: an Edwards signer whose key is given as
 * its Montgomery u, the sign of its x carried in the top bit of the signature.
 */
function asXEdDSA(signer: Signer, signature: Uint8Array): { u: Uint8Array; signature: Uint8Array } {
  const point = Point.fromBytes(signer.publicKey);
  const { y } = point.toAffine();
  const u = Fp.toBytes(Fp.div(Fp.add(1n, y), Fp.sub(1n, y)));
  const marked = signature.slice();
  marked[63]! |= signer.publicKey[31]! & 0x80;
  return { u, signature: marked };
}

describe('crafted XEdDSA signatures against libsignal', () => {
  const message = utf8('a device key');
  // libsignal: cofactorless, no small-order check on R, S only needs its top three bits clear.
  const cases: Array<[string, (s: Signer, m: Uint8Array) => Uint8Array, { keywatch: boolean; libsignal: boolean }]> = [
    ['an honest signature', honestSignature, { keywatch: true, libsignal: true }],
    ['R with a component of order 8', mixedOrderR, { keywatch: false, libsignal: false }],
    // KeyWatch is stricter than libsignal in these two (a degenerate nonce; an unreduced S): only the key's holder can make them.
    ['R = the identity, S = k·a', identityR, { keywatch: false, libsignal: true }],
    ['S + ℓ in place of S', unreducedS, { keywatch: false, libsignal: true }],
  ];
  it.each(cases)('%s', async (_name, craft, expected) => {
    for (const label of ['x-signer a', 'x-signer b', 'x-signer c', 'x-signer d']) {
      const signer = ed25519Signer(seedOf(label));
      const { u, signature } = asXEdDSA(signer, craft(signer, message));
      expect(await verifyEveryPath('xeddsa', u, message, signature)).toBe(expected.keywatch);
      expect(
        PublicKey.deserialize(new Uint8Array(concatBytes(Uint8Array.of(5), u))).verify(new Uint8Array(message), new Uint8Array(signature)),
      ).toBe(expected.libsignal);
    }
  });
});

describe('requests the strict checks refuse before any equation', () => {
  it('a wrong scheme name, and non-byte inputs, are refused on every path', async () => {
    const signer = ed25519Signer(seedOf('shape'));
    const message = utf8('m');
    const signature = honestSignature(signer, message);
    const verdicts = await verdictsOfEveryPath({ scheme: 'rsa' as 'ed25519', publicKey: signer.publicKey, message, signature });
    expect(verdicts).toEqual({ portable: false, webcrypto: false, batched: false, remembered: false });
    expect(await verifyEveryPath('ed25519', signer.publicKey, [...message] as unknown as Uint8Array, signature)).toBe(false);
  });
});
