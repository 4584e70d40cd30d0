// Honest page-protocol disclosures for tests, made with real keys and real
// signatures (noble's Ed25519 and X25519, plus an XEdDSA signer as Signal signs
// its prekeys). Keys derive from seed strings, so fixtures are the same on every run.
// Test-only: nothing in the extension imports this file.

import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, toBase64, utf8 } from '../../../core/encoding';
import { bigIntToLittleEndian, littleEndianToBigInt } from '../../../core/keys';
import type { KeyAlgorithm } from '../../../core/roster';
import type { PageDisclosureV1 } from '../protocol';

const Point = ed25519.Point;
const L = Point.Fn.ORDER;

export interface KeyPair {
  algorithm: KeyAlgorithm;
  /** The serialized public key as a messenger discloses it. */
  publicKey: Uint8Array;
  sign: (message: Uint8Array) => Uint8Array;
}

function seedBytes(seed: string): Uint8Array {
  return sha512(utf8(seed)).slice(0, 32);
}

export function ed25519Pair(seed: string): KeyPair {
  const secret = seedBytes(seed);
  return { algorithm: 'ed25519', publicKey: ed25519.getPublicKey(secret), sign: (m) => ed25519.sign(m, secret) };
}

/** A Curve25519 pair; `form` 33 gives Signal's 0x05 ‖ u serialization, 32 the raw u. */
export function curve25519Pair(seed: string, form: 32 | 33 = 33): KeyPair {
  const secret = seedBytes(seed);
  const u = x25519.getPublicKey(secret);
  const publicKey = form === 33 ? concatBytes(Uint8Array.of(0x05), u) : u;
  return { algorithm: 'curve25519', publicKey, sign: (m) => xeddsaSign(secret, m) };
}

/**
 * XEdDSA as libsignal computes it: the clamped X25519 scalar signs as Ed25519,
 * and the sign bit of its Edwards public key goes into the top bit of the
 * signature (a verifier only knows the Montgomery u, which lacks that bit).
 */
export function xeddsaSign(secret: Uint8Array, message: Uint8Array): Uint8Array {
  const clamped = secret.slice();
  clamped[0]! &= 248;
  clamped[31]! &= 127;
  clamped[31]! |= 64;
  const a = littleEndianToBigInt(clamped) % L;
  const publicA = Point.BASE.multiply(a).toBytes();
  const nonce = sha512(concatBytes(Uint8Array.of(0xfe, ...new Array<number>(31).fill(0xff)), clamped, message));
  const r = littleEndianToBigInt(nonce) % L;
  const R = Point.BASE.multiply(r).toBytes();
  const h = littleEndianToBigInt(sha512(concatBytes(R, publicA, message))) % L;
  const s = (r + h * a) % L;
  const signature = concatBytes(R, bigIntToLittleEndian(s));
  signature[63]! |= publicA[31]! & 0x80;
  return signature;
}

export interface DeviceSpec {
  id: string;
  key: KeyPair;
  /** Who signs the device key: its owner (default), nobody, or another key. */
  signer?: KeyPair | null;
  encryptedTo?: boolean;
}

export interface ParticipantSpec {
  id: string;
  name?: string;
  identity: KeyPair;
  shown?: boolean;
  devices: DeviceSpec[];
}

/** A disclosure with a conversation open, as the page writes it. */
export type DisclosureObject = PageDisclosureV1 & { conversation: NonNullable<PageDisclosureV1['conversation']> };

/** The JSON object a page would disclose for these people (version 1). */
export function disclosureOf(account: string, people: ParticipantSpec[], kind: 'direct' | 'group' = 'group'): DisclosureObject {
  return {
    version: 1,
    messenger: 'Courier',
    account,
    conversation: { id: 'c-7f3a', title: 'Team', kind },
    participants: people.map((p) => ({
      id: p.id,
      name: p.name ?? p.id,
      identityKey: { algorithm: p.identity.algorithm, key: toBase64(p.identity.publicKey) },
      shown: p.shown ?? true,
      devices: p.devices.map((d) => {
        const signer = d.signer === undefined ? p.identity : d.signer;
        return {
          id: d.id,
          key: { algorithm: d.key.algorithm, key: toBase64(d.key.publicKey) },
          signature: signer ? toBase64(signer.sign(d.key.publicKey)) : null,
          encryptedTo: d.encryptedTo ?? true,
        };
      }),
    })),
  };
}

/**
 * Three people covering every honest key form: Alice with an ed25519 identity and
 * two devices (curve25519 33-byte and ed25519), Bob with a Signal-style curve25519
 * identity (XEdDSA signatures), Carol with a raw 32-byte curve25519 identity.
 */
export function honestDisclosure(): DisclosureObject {
  return disclosureOf('alice', [
    {
      id: 'alice',
      name: 'Alice',
      identity: ed25519Pair('alice'),
      devices: [
        { id: 'laptop', key: curve25519Pair('alice/laptop') },
        { id: 'phone', key: ed25519Pair('alice/phone') },
      ],
    },
    {
      id: 'bob',
      name: 'Bob',
      identity: curve25519Pair('bob'),
      devices: [{ id: 'd1', key: curve25519Pair('bob/d1') }],
    },
    {
      id: 'carol',
      name: 'Carol',
      identity: curve25519Pair('carol', 32),
      devices: [{ id: 'd1', key: curve25519Pair('carol/d1', 32) }],
    },
  ]);
}
