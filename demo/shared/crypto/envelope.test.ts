import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../src/core/encoding';
import { openEnvelope, sealEnvelope, verifyEnvelope, type RecipientDevice } from './envelope';
import {
  generateDeviceKeyPair,
  generateIdentityKeyPair,
  isUsableDeviceKey,
  isUsableIdentityKey,
  signDeviceKey,
  verifySignature,
} from './keys';

const sender = generateIdentityKeyPair();
const alice = { user: 'alice', device: 'd1', keys: generateDeviceKeyPair() };
const bob = { user: 'bob', device: 'd1', keys: generateDeviceKeyPair() };
const bobPhone = { user: 'bob', device: 'd2', keys: generateDeviceKeyPair() };
const recipients: RecipientDevice[] = [alice, bob, bobPhone].map((d) => ({ user: d.user, device: d.device, key: d.keys.publicKey }));

const seal = (text: string, to: RecipientDevice[] = recipients) =>
  sealEnvelope({
    conversation: 'c-1',
    sender: { user: 'alice', device: 'd1' },
    senderIdentitySecret: sender.secretKey,
    text,
    recipients: to,
  });

describe('envelopes', () => {
  it('every recipient device reads the message; the signature verifies under the sender identity only', async () => {
    const envelope = await seal('hello 👋');
    for (const device of [alice, bob, bobPhone]) expect(await openEnvelope(envelope, device)).toEqual({ ok: true, text: 'hello 👋' });
    expect(verifyEnvelope(envelope, sender.publicKey)).toBe(true);
    expect(verifyEnvelope(envelope, generateIdentityKeyPair().publicKey)).toBe(false);
  });

  it('says why a device cannot read: not a recipient, or a recipient under another key', async () => {
    const envelope = await seal('not for carol', recipients.slice(0, 2));
    expect(await openEnvelope(envelope, bobPhone)).toEqual({ ok: false, reason: 'not-for-this-device' });
    const impostor = { user: 'bob', device: 'd1', keys: generateDeviceKeyPair() };
    expect(await openEnvelope(envelope, impostor)).toEqual({ ok: false, reason: 'wrong-device-key' });
  });

  it('any change to the body, a wrapped key or the header makes it unreadable, and breaks the signature', async () => {
    const envelope = await seal('integrity');
    const flip = (b64: string) => {
      const bytes = fromBase64(b64);
      bytes[0]! ^= 1;
      return toBase64(bytes);
    };
    const tampered = [
      { ...envelope, ciphertext: flip(envelope.ciphertext) },
      { ...envelope, recipients: envelope.recipients.map((r) => ({ ...r, wrappedKey: flip(r.wrappedKey) })) },
      { ...envelope, conversation: 'c-2' },
      { ...envelope, sender: { user: 'alice', device: 'd9' } },
      { ...envelope, ephemeralKey: toBase64(generateDeviceKeyPair().publicKey) },
    ];
    for (const bad of tampered) {
      expect(await openEnvelope(bad, bob)).toEqual({ ok: false, reason: 'undecryptable' });
      expect(verifyEnvelope(bad, sender.publicKey)).toBe(false);
    }
    // Dropping a recipient copy leaves the others readable but is caught by the signature.
    expect(verifyEnvelope({ ...envelope, recipients: envelope.recipients.slice(1) }, sender.publicKey)).toBe(false);
  });

  it('round-trips any text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (text) => {
        expect(await openEnvelope(await seal(text, recipients.slice(1, 2)), bob)).toEqual({ ok: true, text });
      }),
      { numRuns: 40 },
    );
  });

  it('uses a fresh one-time key and IV for every message', async () => {
    const [a, b] = [await seal('same'), await seal('same')];
    expect(a.ephemeralKey).not.toBe(b.ephemeralKey);
    expect(a.iv).not.toBe(b.iv);
    expect(a.id).not.toBe(b.id);
  });
});

describe('keys', () => {
  it('a device key signed by the identity key verifies; strictly, and only for those bytes', () => {
    const device = generateDeviceKeyPair().publicKey;
    const signature = signDeviceKey(sender.secretKey, device);
    expect(verifySignature(sender.publicKey, device, signature)).toBe(true);
    expect(verifySignature(sender.publicKey, generateDeviceKeyPair().publicKey, signature)).toBe(false);
    expect(verifySignature(sender.publicKey, device, signature.slice(0, 63))).toBe(false);
  });

  it('refuses small-order keys', () => {
    const identityPoint = new Uint8Array(32);
    identityPoint[0] = 1; // the Edwards identity (0, 1): order 1
    expect(isUsableIdentityKey(identityPoint)).toBe(false);
    expect(isUsableIdentityKey(sender.publicKey)).toBe(true);
    expect(isUsableDeviceKey(new Uint8Array(32))).toBe(false);
    expect(isUsableDeviceKey(new Uint8Array(31))).toBe(false);
    expect(isUsableDeviceKey(generateDeviceKeyPair().publicKey)).toBe(true);
  });
});
