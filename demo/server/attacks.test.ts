// Each attack against honest clients, end to end: a real server, real keys,
// real encryption. A test passes only if the attack really gives the attacker
// what it claims, and the honest page discloses what happened.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../src/core/encoding';
import { openWithKey } from '../shared/crypto/envelope';
import { verifySignature } from '../shared/crypto/keys';
import {
  applyAttack,
  createUser,
  injectMessage,
  intercepted,
  listAttacks,
  startCourier,
  undoAllAttacks,
  undoAttack,
  type CourierServer,
  type CourierSession,
} from '../testing';

let courier: CourierServer;
let sessions: CourierSession[];

beforeEach(async () => {
  courier = await startCourier({ port: 0 });
  sessions = [];
});

afterEach(async () => {
  for (const s of sessions) s.close();
  await courier.close();
});

async function user(id: string): Promise<CourierSession> {
  const session = await createUser(courier.url, id, id[0]!.toUpperCase() + id.slice(1));
  sessions.push(session);
  return session;
}

async function direct(a: CourierSession, b: CourierSession): Promise<string> {
  const id = await a.createDirect(b.account.user);
  await b.until((s) => s.state.conversations.some((c) => c.id === id));
  return id;
}

function devicesOf(session: CourierSession, userId: string) {
  return session.state.users.find((u) => u.id === userId)!.devices;
}

async function sendAndReceive(from: CourierSession, to: CourierSession, conversation: string, text: string) {
  const seq = await from.send(conversation, text);
  await to.until((s) => s.messagesIn(conversation).some((m) => m.seq === seq));
  return to.messagesIn(conversation).find((m) => m.seq === seq)!;
}

function storedEnvelope(conversation: string, seq: number) {
  return courier.relay.directory.conversation(conversation).messages.find((m) => m.message.seq === seq)!.message.envelope;
}

describe('ghost device', () => {
  it('an unsigned ghost device reads every message sent after it was added, and no earlier one', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await direct(alice, bob);
    await sendAndReceive(alice, bob, chat, 'before the ghost');

    const ghost = await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob', signedBy: 'none' });
    await alice.until((s) => devicesOf(s, 'bob').length === 2, 2_000);

    const received = await sendAndReceive(alice, bob, chat, 'after the ghost');
    expect(received).toMatchObject({ status: 'ok', text: 'after the ghost' }); // Bob notices nothing

    // The attacker decrypts with the secret key only it holds.
    const envelope = storedEnvelope(chat, received.seq);
    const copy = envelope.recipients.find((r) => r.device === ghost.device)!;
    expect(copy.deviceKey).toBe(ghost.deviceKey);
    const opened = await openWithKey(envelope, copy, fromBase64(ghost.secretKey as string));
    expect(opened).toEqual({ ok: true, text: 'after the ghost' });

    const stolen = (await intercepted(courier.url)).map((m) => m.text);
    expect(stolen).toEqual(['after the ghost']);

    // The honest page discloses the ghost as served: unsigned, and encrypted to.
    const disclosed = alice.disclosure(chat).participants.find((p) => p.id === 'bob')!;
    expect(disclosed.shown).toBe(true);
    expect(disclosed.devices).toContainEqual({
      id: ghost.device,
      key: { algorithm: 'curve25519', key: ghost.deviceKey },
      signature: null,
      encryptedTo: true,
    });
  });

  it('a ghost device "signed by the server" carries a signature that verifies under the operator key, not the owner\'s', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await direct(alice, bob);
    const ghost = await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob', signedBy: 'server' });
    await alice.until((s) => devicesOf(s, 'bob').length === 2, 2_000);

    const served = devicesOf(alice, 'bob').find((d) => d.id === ghost.device)!;
    const key = fromBase64(served.key);
    const signature = fromBase64(served.signature!);
    const bobIdentity = fromBase64(alice.state.users.find((u) => u.id === 'bob')!.identityKey);
    expect(verifySignature(bobIdentity, key, signature)).toBe(false);
    expect(verifySignature(fromBase64(ghost.signerKey as string), key, signature)).toBe(true);

    await sendAndReceive(alice, bob, chat, 'to bob, and his ghost');
    expect((await intercepted(courier.url)).map((m) => m.text)).toEqual(['to bob, and his ghost']);
    expect(
      alice
        .disclosure(chat)
        .participants.find((p) => p.id === 'bob')!
        .devices.find((d) => d.id === ghost.device)!.signature,
    ).toBe(served.signature);
  });

  it('the ghost also receives what the victim sends, and undo stops it', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await direct(alice, bob);
    const ghost = await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob' });
    await bob.until((s) => devicesOf(s, 'bob').length === 2, 2_000);
    await sendAndReceive(bob, alice, chat, 'from bob');

    await undoAttack(courier.url, ghost.id);
    await alice.until((s) => devicesOf(s, 'bob').length === 1, 2_000);
    await sendAndReceive(alice, bob, chat, 'after undo');
    expect((await intercepted(courier.url)).map((m) => m.text)).toEqual(['from bob']);
    expect(await listAttacks(courier.url)).toEqual([]);
  });
});

describe('identity swap (man in the middle)', () => {
  it('the attacker reads what others send the victim, and can write as the victim', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await direct(alice, bob);
    const realBobKey = alice.state.users.find((u) => u.id === 'bob')!.identityKey;

    const swap = await applyAttack(courier.url, { kind: 'swap-identity', user: 'bob' });
    await alice.until((s) => s.state.users.find((u) => u.id === 'bob')!.identityKey !== realBobKey, 2_000);
    const servedToAlice = alice.state.users.find((u) => u.id === 'bob')!;
    expect(servedToAlice.identityKey).toBe(swap.identityKey);
    // Every fake device key is correctly signed by the fake identity: signature checks alone cannot catch this.
    for (const device of servedToAlice.devices) {
      expect(verifySignature(fromBase64(servedToAlice.identityKey), fromBase64(device.key), fromBase64(device.signature!))).toBe(true);
    }
    // The victim's own view is untouched.
    expect(bob.state.users.find((u) => u.id === 'bob')!.identityKey).toBe(realBobKey);

    const seq = await alice.send(chat, 'for bob only');
    await bob.until((s) => s.messagesIn(chat).some((m) => m.seq === seq));
    expect(bob.messagesIn(chat).find((m) => m.seq === seq)!.status).toBe('wrong-device-key');
    const stolen = await intercepted(courier.url);
    expect(stolen).toEqual([
      expect.objectContaining({ text: 'for bob only', readAs: expect.objectContaining({ user: 'bob', source: 'swap-identity' }) }),
    ]);

    // The forgery verifies against the identity key Alice is served for Bob.
    await injectMessage(courier.url, chat, 'bob', 'send me your password');
    await alice.until((s) => s.messagesIn(chat).some((m) => m.text === 'send me your password'));
    expect(alice.messagesIn(chat).at(-1)).toMatchObject({ sender: { user: 'bob' }, status: 'ok' });
    expect(bob.messagesIn(chat).some((m) => m.text === 'send me your password' || m.seq > seq)).toBe(false);

    // What the real Bob still sends arrives, but no longer verifies under the key Alice is served.
    const fromRealBob = await sendAndReceive(bob, alice, chat, 'it is really me');
    expect(fromRealBob).toMatchObject({ status: 'unverified-sender', text: null });

    const disclosed = alice.disclosure(chat).participants.find((p) => p.id === 'bob')!;
    expect(disclosed.identityKey).toEqual({ algorithm: 'ed25519', key: swap.identityKey });
    expect(disclosed.devices.every((d) => d.encryptedTo)).toBe(true);
  });

  it("undo restores the real keys, and later messages are out of the attacker's reach", async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await direct(alice, bob);
    const realBobKey = alice.state.users.find((u) => u.id === 'bob')!.identityKey;
    const swap = await applyAttack(courier.url, { kind: 'swap-identity', user: 'bob' });
    await alice.until((s) => s.state.users.find((u) => u.id === 'bob')!.identityKey === swap.identityKey, 2_000);
    await alice.send(chat, 'intercepted');
    await undoAttack(courier.url, swap.id);
    await alice.until((s) => s.state.users.find((u) => u.id === 'bob')!.identityKey === realBobKey, 2_000);
    const later = await sendAndReceive(alice, bob, chat, 'safe again');
    expect(later.status).toBe('ok');
    expect((await intercepted(courier.url)).map((m) => m.text)).toEqual(['intercepted']);
  });
});

describe('hidden participant', () => {
  it('a participant added silently is encrypted to, reads the group, and is disclosed with shown:false', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const mallory = await user('mallory');
    const group = await alice.createGroup('Team', ['bob']);
    await bob.until((s) => s.state.conversations.some((c) => c.id === group));

    const attack = await applyAttack(courier.url, { kind: 'add-hidden-participant', conversation: group, user: 'mallory' });
    await alice.until((s) => s.state.conversations.find((c) => c.id === group)!.participants.length === 3, 2_000);
    const participants = alice.state.conversations.find((c) => c.id === group)!.participants;
    expect(participants.filter((p) => p.shown).map((p) => p.user)).toEqual(['alice', 'bob']);

    const disclosed = alice.disclosure(group).participants.find((p) => p.id === 'mallory')!;
    expect(disclosed.shown).toBe(false);
    expect(disclosed.devices.map((d) => d.encryptedTo)).toEqual([true]);

    await mallory.until((s) => s.state.conversations.some((c) => c.id === group), 2_000);
    const seq = await alice.send(group, 'team secret');
    await mallory.until((s) => s.messagesIn(group).some((m) => m.seq === seq));
    expect(mallory.messagesIn(group).find((m) => m.seq === seq)).toMatchObject({ status: 'ok', text: 'team secret' });

    await undoAttack(courier.url, attack.id);
    await alice.until((s) => s.state.conversations.find((c) => c.id === group)!.participants.length === 2, 2_000);
    const after = await alice.send(group, 'after undo');
    const copies = storedEnvelope(group, after).recipients.map((r) => r.user);
    expect(new Set(copies)).toEqual(new Set(['alice', 'bob']));
  });

  it("a puppet account the server holds makes the hidden participant's reading visible at /attack/intercepted", async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await direct(alice, bob);
    const response = await fetch(`${courier.url}/attack/puppet`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'ops', name: 'Ops' }),
    });
    expect(response.status).toBe(201);
    await applyAttack(courier.url, { kind: 'add-hidden-participant', conversation: chat, user: 'ops' });
    await alice.until((s) => s.state.conversations[0]!.participants.length === 3, 2_000);
    await sendAndReceive(alice, bob, chat, 'just between us');
    expect(await intercepted(courier.url)).toEqual([
      expect.objectContaining({ text: 'just between us', readAs: expect.objectContaining({ user: 'ops', source: 'puppet' }) }),
    ]);
  });
});

describe('participant removed by the server', () => {
  it('drops the participant from every screen and every later message; undo brings them back', async () => {
    const alice = await user('alice');
    await user('bob');
    const carol = await user('carol');
    const group = await alice.createGroup('Trio', ['bob', 'carol']);
    await carol.until((s) => s.state.conversations.some((c) => c.id === group));

    const attack = await applyAttack(courier.url, { kind: 'remove-participant', conversation: group, user: 'carol' });
    await carol.until((s) => s.state.conversations.length === 0, 2_000);
    await alice.until((s) => s.state.conversations[0]!.participants.length === 2, 2_000);
    expect(alice.disclosure(group).participants.map((p) => p.id)).toEqual(['alice', 'bob']);
    const seq = await alice.send(group, 'without carol');
    expect(storedEnvelope(group, seq).recipients.some((r) => r.user === 'carol')).toBe(false);

    await undoAttack(courier.url, attack.id);
    await carol.until((s) => s.state.conversations.some((c) => c.id === group), 2_000);
    await alice.until((s) => s.state.conversations[0]!.participants.length === 3, 2_000);
    expect(alice.disclosure(group).participants.find((p) => p.id === 'carol')!.shown).toBe(true);
  });
});

describe('attack bookkeeping', () => {
  it('lists active attacks in order and undoes them all at once', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await direct(alice, bob);
    await applyAttack(courier.url, { kind: 'ghost-device', user: 'alice' });
    await applyAttack(courier.url, { kind: 'swap-identity', user: 'bob' });
    await applyAttack(courier.url, { kind: 'remove-participant', conversation: chat, user: 'bob' });
    expect((await listAttacks(courier.url)).map((a) => a.kind)).toEqual(['ghost-device', 'swap-identity', 'remove-participant']);
    await undoAllAttacks(courier.url);
    expect(await listAttacks(courier.url)).toEqual([]);
    await alice.until((s) => s.state.conversations[0]?.participants.length === 2 && devicesOf(s, 'alice').length === 1, 2_000);
  });

  it('refuses attacks that make no sense, with a clear status and code', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const chat = await direct(alice, bob);
    const post = (path: string, body: unknown) =>
      fetch(`${courier.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const cases: [string, unknown, number, string][] = [
      ['/attack/ghost-device', { user: 'nobody' }, 404, 'unknown-user'],
      ['/attack/ghost-device', { user: 'bob', signedBy: 'alice' }, 400, 'bad-args'],
      ['/attack/add-hidden-participant', { conversation: chat, user: 'bob' }, 409, 'conflict'],
      ['/attack/add-hidden-participant', { conversation: 'c-none', user: 'bob' }, 404, 'not-found'],
      ['/attack/remove-participant', { conversation: chat, user: 'nobody' }, 409, 'not-a-member'],
      ['/attack/undo', { id: 'a999' }, 404, 'not-found'],
      ['/attack/inject', { conversation: chat, as: 'bob', text: 'hi' }, 409, 'conflict'],
    ];
    for (const [path, body, status, code] of cases) {
      const response = await post(path, body);
      expect([path, response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([path, status, code]);
    }
  });
});
