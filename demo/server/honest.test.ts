// Courier without attacks: accounts, linked devices, conversations, history.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/encoding';
import { generateDeviceKeyPair, generateIdentityKeyPair, signDeviceKey } from '../shared/crypto/keys';
import { LIMITS } from '../shared/limits';
import { DEVICE_REMOVED_CODE } from '../shared/wire/close-codes';
import { CourierSession } from '../client/core/session';
import { connect, createUser, linkDevice, startCourier, type CourierServer } from '../testing';

let courier: CourierServer;
let open: CourierSession[];

beforeEach(async () => {
  courier = await startCourier({ port: 0 });
  open = [];
});

afterEach(async () => {
  for (const s of open) s.close();
  await courier.close();
});

async function user(id: string): Promise<CourierSession> {
  const session = await createUser(courier.url, id);
  open.push(session);
  return session;
}

async function link(session: CourierSession): Promise<CourierSession> {
  const linked = await linkDevice(courier.url, session);
  open.push(linked);
  return linked;
}

function recipientsOf(conversation: string, seq: number): string[] {
  const entry = courier.relay.directory.conversation(conversation).messages.find((m) => m.message.seq === seq)!;
  return entry.message.envelope.recipients.map((r) => `${r.user}/${r.device}`).sort();
}

describe('accounts', () => {
  it('refuses a taken user id, and a first device not signed by the new identity key (leaving no account behind)', async () => {
    await user('alice');
    await expect(createUser(courier.url, 'alice')).rejects.toMatchObject({ code: 'user-taken' });
    const connection = await connect(courier.url);
    const identity = generateIdentityKeyPair();
    const device = generateDeviceKeyPair();
    const otherIdentity = generateIdentityKeyPair();
    await expect(
      connection.request('register', {
        user: 'bob',
        name: 'Bob',
        identityKey: toBase64(identity.publicKey),
        deviceKey: toBase64(device.publicKey),
        deviceSignature: toBase64(signDeviceKey(otherIdentity.secretKey, device.publicKey)),
      }),
    ).rejects.toMatchObject({ code: 'bad-signature' });
    expect(courier.relay.directory.users.has('bob')).toBe(false);
    await expect(
      connection.request('register', {
        user: 'bob',
        name: 'Bob',
        identityKey: toBase64(new Uint8Array(32)), // a small-order point
        deviceKey: toBase64(device.publicKey),
        deviceSignature: toBase64(new Uint8Array(64)),
      }),
    ).rejects.toMatchObject({ code: 'bad-key' });
    connection.close();
  });

  it("a linked device is listed to everyone, receives copies, and gets the sender's own messages from its other device", async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await alice.createDirect('bob');
    const alicePhone = await link(alice);
    expect(alicePhone.account.device).toBe('d2');
    await bob.until((s) => s.state.users.find((u) => u.id === 'alice')!.devices.length === 2);

    const fromBob = await bob.send(chat, 'to both of your devices');
    expect(recipientsOf(chat, fromBob)).toEqual(['alice/d1', 'alice/d2', 'bob/d1']);
    await alicePhone.until((s) => s.messagesIn(chat).some((m) => m.seq === fromBob && m.text === 'to both of your devices'));

    const fromAlice = await alice.send(chat, 'sent from my laptop');
    expect(recipientsOf(chat, fromAlice)).toContain('alice/d2');
    await alicePhone.until((s) => s.messagesIn(chat).some((m) => m.seq === fromAlice && m.status === 'ok'));
  });

  it("refuses to link a device whose key the account's identity key did not sign", async () => {
    await user('alice');
    const connection = await connect(courier.url);
    const device = generateDeviceKeyPair();
    await expect(
      connection.request('link-device', {
        user: 'alice',
        deviceKey: toBase64(device.publicKey),
        deviceSignature: toBase64(signDeviceKey(generateIdentityKeyPair().secretKey, device.publicKey)),
      }),
    ).rejects.toMatchObject({ code: 'bad-signature' });
    connection.close();
  });

  it(`stops at ${LIMITS.registeredDevicesPerUser} devices`, async () => {
    const alice = await user('alice');
    for (let i = 1; i < LIMITS.registeredDevicesPerUser; i++) await link(alice);
    await expect(linkDevice(courier.url, alice)).rejects.toMatchObject({ code: 'limit-reached' });
  });

  it('removing a device closes its connections and drops it from every view', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await alice.createDirect('bob');
    const phone = await link(alice);
    await bob.until((s) => s.state.users.find((u) => u.id === 'alice')!.devices.length === 2);
    const closed = new Promise((resolve) => phone.subscribe((e) => e.type === 'closed' && resolve(e.error.code)));
    await phone.removeThisDevice();
    expect(await closed).toBe(DEVICE_REMOVED_CODE);
    await bob.until((s) => s.state.users.find((u) => u.id === 'alice')!.devices.length === 1);
    await expect(CourierSession.resume(await connect(courier.url), phone.account)).rejects.toMatchObject({ code: 'bad-credentials' });
  });
});

describe('conversations', () => {
  it('a direct conversation is found again rather than duplicated, and needs exactly one other person', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await user('carol');
    const first = await alice.createDirect('bob');
    expect(await bob.createDirect('alice')).toBe(first);
    await expect(alice.createDirect('alice')).rejects.toMatchObject({ code: 'bad-args' });
    await expect(alice.createDirect('nobody')).rejects.toMatchObject({ code: 'unknown-user' });
  });

  it('a group grows and shrinks visibly; a newcomer cannot read what was sent before they joined', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const carol = await user('carol');
    const group = await alice.createGroup('Book club', ['bob']);
    const before = await alice.send(group, 'before carol');
    await bob.addMember(group, 'carol');
    await alice.until((s) => s.state.conversations[0]!.participants.map((p) => p.user).join() === 'alice,bob,carol');
    await carol.until((s) => s.state.conversations.some((c) => c.id === group));
    await carol.loadHistory(group);
    expect(carol.messagesIn(group).find((m) => m.seq === before)!.status).toBe('not-for-this-device');
    const after = await alice.send(group, 'welcome carol');
    await carol.until((s) => s.messagesIn(group).some((m) => m.seq === after && m.text === 'welcome carol'));

    await carol.leave(group);
    await carol.until((s) => s.state.conversations.length === 0);
    await alice.until((s) => s.state.conversations[0]!.participants.length === 2);
    await expect(carol.loadHistory(group)).rejects.toMatchObject({ code: 'not-a-member' });
    await expect(carol.addMember(group, 'carol')).rejects.toMatchObject({ code: 'not-a-member' });
    await expect(alice.addMember(group, 'bob')).rejects.toMatchObject({ code: 'already-member' });
  });

  it('a device that signs in again reads the history it was sent', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await alice.createDirect('bob');
    await alice.send(chat, 'one');
    await alice.send(chat, 'two');
    bob.close();
    const again = await CourierSession.resume(await connect(courier.url), bob.account);
    open.push(again);
    await again.loadHistory(chat);
    expect(again.messagesIn(chat).map((m) => [m.status, m.text])).toEqual([
      ['ok', 'one'],
      ['ok', 'two'],
    ]);
  });

  it('refuses an empty or oversized message before encrypting anything', async () => {
    const alice = await user('alice');
    await user('bob');
    const chat = await alice.createDirect('bob');
    await expect(alice.send(chat, '   ')).rejects.toThrow(/some text/);
    await expect(alice.send(chat, 'x'.repeat(LIMITS.textLength + 1))).rejects.toThrow(/at most/);
    await expect(alice.send('c-unknown', 'hi')).rejects.toThrow(/not in conversation/);
  });
});
