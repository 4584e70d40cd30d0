// End-to-end encryption of one message to a set of devices.
//
// The body is encrypted once with a fresh AES-256-GCM content key. For each
// recipient device the content key is wrapped with a key derived by
// HKDF-SHA256 from X25519(one-time sender key, device key). The sender's
// identity key signs the whole envelope, so a recipient knows who wrote it and
// that nobody added, dropped or swapped a recipient copy on the way.

import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, constantTimeEqual, fromBase64, toBase64, toHex, utf8 } from '../../../src/core/encoding';
import type { Envelope, RecipientEntry } from '../wire/records';
import { generateDeviceKeyPair, signMessage, verifySignature, type KeyPair } from './keys';

export interface RecipientDevice {
  user: string;
  device: string;
  key: Uint8Array;
}

export interface SealInput {
  conversation: string;
  sender: { user: string; device: string };
  senderIdentitySecret: Uint8Array;
  text: string;
  recipients: readonly RecipientDevice[];
  /** For tests; a random id otherwise. */
  id?: string;
}

export type OpenFailure = 'not-for-this-device' | 'wrong-device-key' | 'undecryptable';
export type OpenResult = { ok: true; text: string } | { ok: false; reason: OpenFailure };

const WRAP_INFO = utf8('courier key wrap v1');
// Each wrapping key is derived from a one-time sender key and wraps exactly one
// content key, so a fixed nonce never repeats under the same key.
const WRAP_NONCE = new Uint8Array(12);

function owned(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

async function aesKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', owned(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

async function aesEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const params = { name: 'AES-GCM', iv: owned(iv), additionalData: owned(aad) };
  return new Uint8Array(await crypto.subtle.encrypt(params, await aesKey(key), owned(plaintext)));
}

async function aesDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Promise<Uint8Array | null> {
  try {
    const params = { name: 'AES-GCM', iv: owned(iv), additionalData: owned(aad) };
    return new Uint8Array(await crypto.subtle.decrypt(params, await aesKey(key), owned(ciphertext)));
  } catch {
    return null;
  }
}

function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** Binds the body and every wrapped key to this message, conversation and sender. */
function headerBytes(e: Pick<Envelope, 'id' | 'conversation' | 'sender'>): Uint8Array {
  return utf8(JSON.stringify(['courier-message-v1', e.id, e.conversation, e.sender.user, e.sender.device]));
}

function wrappingKey(shared: Uint8Array, ephemeralKey: Uint8Array, deviceKey: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, concatBytes(ephemeralKey, deviceKey), WRAP_INFO, 32);
}

/** The bytes the sender's identity key signs. */
export function envelopeSignedBytes(e: Omit<Envelope, 'signature'>): Uint8Array {
  const recipients = e.recipients.map((r) => [r.user, r.device, r.deviceKey, r.wrappedKey]);
  return utf8(
    JSON.stringify([
      'courier-envelope-v1',
      e.id,
      e.conversation,
      e.sender.user,
      e.sender.device,
      e.ephemeralKey,
      e.iv,
      e.ciphertext,
      recipients,
    ]),
  );
}

async function wrapFor(
  recipient: RecipientDevice,
  ephemeral: KeyPair,
  contentKey: Uint8Array,
  header: Uint8Array,
): Promise<RecipientEntry> {
  const shared = x25519.getSharedSecret(ephemeral.secretKey, recipient.key);
  const kek = wrappingKey(shared, ephemeral.publicKey, recipient.key);
  const wrapped = await aesEncrypt(kek, WRAP_NONCE, contentKey, header);
  return { user: recipient.user, device: recipient.device, deviceKey: toBase64(recipient.key), wrappedKey: toBase64(wrapped) };
}

export async function sealEnvelope(input: SealInput): Promise<Envelope> {
  const id = input.id ?? toHex(randomBytes(16));
  const header = headerBytes({ id, conversation: input.conversation, sender: input.sender });
  const contentKey = randomBytes(32);
  const iv = randomBytes(12);
  const ciphertext = await aesEncrypt(contentKey, iv, utf8(JSON.stringify({ text: input.text })), header);
  const ephemeral = generateDeviceKeyPair();
  const recipients: RecipientEntry[] = [];
  for (const recipient of input.recipients) recipients.push(await wrapFor(recipient, ephemeral, contentKey, header));
  const unsigned = {
    id,
    conversation: input.conversation,
    sender: { ...input.sender },
    ephemeralKey: toBase64(ephemeral.publicKey),
    iv: toBase64(iv),
    ciphertext: toBase64(ciphertext),
    recipients,
  };
  return { ...unsigned, signature: toBase64(signMessage(input.senderIdentitySecret, envelopeSignedBytes(unsigned))) };
}

export function verifyEnvelope(envelope: Envelope, senderIdentityKey: Uint8Array): boolean {
  const { signature, ...unsigned } = envelope;
  return verifySignature(senderIdentityKey, envelopeSignedBytes(unsigned), fromBase64(signature));
}

export interface OpeningDevice {
  user: string;
  device: string;
  keys: KeyPair;
}

/** Decrypts the copy meant for one device. Says why when there is none it can read. */
export async function openEnvelope(envelope: Envelope, me: OpeningDevice): Promise<OpenResult> {
  const entries = envelope.recipients.filter((r) => r.user === me.user && r.device === me.device);
  if (entries.length === 0) return { ok: false, reason: 'not-for-this-device' };
  const entry = entries.find((r) => constantTimeEqual(fromBase64(r.deviceKey), me.keys.publicKey));
  if (!entry) return { ok: false, reason: 'wrong-device-key' };
  return openWithKey(envelope, entry, me.keys.secretKey);
}

/** Decrypts one recipient copy with a device secret key, whoever holds it. */
export async function openWithKey(envelope: Envelope, entry: RecipientEntry, deviceSecret: Uint8Array): Promise<OpenResult> {
  const header = headerBytes(envelope);
  const ephemeralKey = fromBase64(envelope.ephemeralKey);
  const deviceKey = fromBase64(entry.deviceKey);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(deviceSecret, ephemeralKey);
  } catch {
    return { ok: false, reason: 'undecryptable' };
  }
  const contentKey = await aesDecrypt(wrappingKey(shared, ephemeralKey, deviceKey), WRAP_NONCE, fromBase64(entry.wrappedKey), header);
  if (!contentKey) return { ok: false, reason: 'undecryptable' };
  const body = await aesDecrypt(contentKey, fromBase64(envelope.iv), fromBase64(envelope.ciphertext), header);
  if (!body) return { ok: false, reason: 'undecryptable' };
  return parseBody(body);
}

function parseBody(body: Uint8Array): OpenResult {
  try {
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { text?: unknown }).text === 'string') {
      return { ok: true, text: (parsed as { text: string }).text };
    }
  } catch {
    // fall through: a body that is not ours is as unreadable as a bad tag
  }
  return { ok: false, reason: 'undecryptable' };
}
