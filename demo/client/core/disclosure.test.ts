import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../src/core/encoding';
import { generateDeviceKeyPair, generateIdentityKeyPair, signDeviceKey } from '../../shared/crypto/keys';
import type { UserRecord, ViewState } from '../../shared/wire/records';
import { buildDisclosure, disclosureText } from './disclosure';
import { encryptionTargets } from './recipients';

function user(id: string, name: string, deviceCount = 1): UserRecord {
  const identity = generateIdentityKeyPair();
  return {
    id,
    name,
    identityKey: toBase64(identity.publicKey),
    devices: Array.from({ length: deviceCount }, (_, i) => {
      const device = generateDeviceKeyPair();
      return { id: `d${i + 1}`, key: toBase64(device.publicKey), signature: toBase64(signDeviceKey(identity.secretKey, device.publicKey)) };
    }),
  };
}

function stateWith(users: UserRecord[], participants: { user: string; shown: boolean }[]): ViewState {
  return {
    me: { user: 'alice', device: 'd1' },
    users,
    conversations: [{ id: 'c-1', kind: 'group', title: 'Team', participants, lastActivity: 1 }],
  };
}

describe('buildDisclosure', () => {
  it("with no conversation open, discloses the account holder alone, encrypting to nobody, and names this browser's device", () => {
    const alice = user('alice', 'Alice', 2);
    const disclosure = buildDisclosure(stateWith([alice], [{ user: 'alice', shown: true }]), null);
    expect(disclosure).toEqual({
      version: 1,
      messenger: 'Courier',
      account: 'alice',
      accountDevice: 'd1',
      conversation: null,
      participants: [
        {
          id: 'alice',
          name: 'Alice',
          identityKey: { algorithm: 'ed25519', key: alice.identityKey },
          shown: true,
          devices: alice.devices.map((d) => ({
            id: d.id,
            key: { algorithm: 'curve25519', key: d.key },
            signature: d.signature,
            encryptedTo: false,
          })),
        },
      ],
    });
  });

  it('copies every key and signature exactly as served, and discloses hidden participants as shown:false', () => {
    const alice = user('alice', 'Alice');
    const bob = user('bob', 'Bob', 2);
    bob.devices[1]!.signature = null; // as a ghost device would be served
    const eve = user('eve', 'Eve');
    const state = stateWith(
      [alice, bob, eve],
      [
        { user: 'alice', shown: true },
        { user: 'bob', shown: true },
        { user: 'eve', shown: false },
      ],
    );
    const disclosure = buildDisclosure(state, 'c-1');
    expect(disclosure.conversation).toEqual({ id: 'c-1', title: 'Team', kind: 'group' });
    expect(disclosure.participants.map((p) => [p.id, p.shown])).toEqual([
      ['alice', true],
      ['bob', true],
      ['eve', false],
    ]);
    const disclosedBob = disclosure.participants[1]!;
    expect(disclosedBob.identityKey.key).toBe(bob.identityKey);
    expect(disclosedBob.devices.map((d) => [d.key.key, d.signature, d.encryptedTo])).toEqual(
      bob.devices.map((d) => [d.key, d.signature, true]),
    );
    expect(disclosure.participants[2]!.devices.every((d) => d.encryptedTo)).toBe(true);
  });

  it('marks as encrypted-to exactly the devices the send path encrypts to, leaving out unusable keys', () => {
    const alice = user('alice', 'Alice');
    const bob = user('bob', 'Bob', 2);
    bob.devices[1]!.key = toBase64(new Uint8Array(32)); // a small-order point: nothing can be encrypted to it
    const state = stateWith(
      [alice, bob],
      [
        { user: 'alice', shown: true },
        { user: 'bob', shown: true },
      ],
    );
    const disclosed = buildDisclosure(state, 'c-1')
      .participants.flatMap((p) => p.devices.filter((d) => d.encryptedTo).map((d) => `${p.id}/${d.id}`))
      .sort();
    const targets = encryptionTargets(state, 'c-1')
      .map((t) => `${t.user}/${t.device}`)
      .sort();
    expect(disclosed).toEqual(targets);
    expect(targets).toEqual(['alice/d1', 'bob/d1']);
    expect(buildDisclosure(state, 'c-1').participants[1]!.devices[1]!.key.key).toBe(bob.devices[1]!.key);
  });

  it("titles a direct conversation with the other person's name", () => {
    const state = stateWith(
      [user('alice', 'Alice'), user('bob', 'Bob')],
      [
        { user: 'alice', shown: true },
        { user: 'bob', shown: true },
      ],
    );
    state.conversations[0] = { ...state.conversations[0]!, kind: 'direct', title: '' };
    expect(buildDisclosure(state, 'c-1').conversation).toEqual({ id: 'c-1', title: 'Bob', kind: 'direct' });
  });
});

describe('disclosureText', () => {
  it('escapes "<" so the text cannot close a script element, and parses back to the same document', () => {
    const alice = user('alice', '</script><img src=x>');
    const disclosure = buildDisclosure(stateWith([alice], [{ user: 'alice', shown: true }]), null);
    const text = disclosureText(disclosure);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual(disclosure);
  });
});
