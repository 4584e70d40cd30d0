// Each attack of the homeserver, proven against the real client: matrix-js-sdk
// 43 with its Rust crypto, in Node, reading its own verdicts from getCrypto().

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyAttack, changeMembership, createServerUser, undoAttack } from '../testing/admin';
import { eventually, login, startClient, verifyWithSas, type TestClient } from '../testing/node-client';
import { aliceAndBob, keyQueriesFor, syncedPastNow } from '../testing/scenes';
import { startHomeserver, type RunningHomeserver } from './server';

let server: RunningHomeserver;
const clients: TestClient[] = [];

beforeEach(async () => {
  server = await startHomeserver({ port: 0 });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  await server.close();
});

async function pair() {
  const scene = await aliceAndBob(server);
  clients.push(scene.alice, scene.bob);
  return scene;
}

async function devicesOf(client: TestClient, userId: string): Promise<string[]> {
  const map = await client.client.getCrypto()!.getUserDeviceInfo([userId]);
  return [...(map.get(userId)?.keys() ?? [])].sort();
}

/** The to-device messages the server queued for a device nobody logs in with: what the attacker receives. */
function queuedFor(userId: string, deviceId: string) {
  return server.hs.toDevice.peek(userId, deviceId).filter((m) => m.type === 'm.room.encrypted');
}

describe('ghost device', () => {
  it('the client lists a device Bob never cross-signed, says so, encrypts to it, and drops it after undo', async () => {
    const { alice, bob, roomId } = await pair();
    const crypto = alice.client.getCrypto()!;
    expect(await devicesOf(alice, bob.userId)).toEqual([bob.deviceId]);
    const mark = server.hs.requests.mark;

    const ghost = await applyAttack(server.url, { kind: 'ghost-device', user: bob.userId });
    const status = await eventually("the ghost in Alice's crypto", () =>
      crypto.getDeviceVerificationStatus(bob.userId, ghost.device as string),
    );
    expect(status).toMatchObject({ signedByOwner: false, crossSigningVerified: false });
    expect(await crypto.getDeviceVerificationStatus(bob.userId, bob.deviceId)).toMatchObject({ signedByOwner: true });
    expect(keyQueriesFor(server, alice, bob.userId, mark).length).toBeGreaterThan(0); // told by device_lists.changed

    // By default the client encrypts to every device: the room key goes to the attacker's device too.
    await alice.client.sendTextMessage(roomId, 'for Bob only');
    expect(queuedFor(bob.userId, ghost.device as string)).toHaveLength(1);

    await undoAttack(server.url, ghost.id);
    await eventually('the ghost to go', async () => (await devicesOf(alice, bob.userId)).join() === bob.deviceId);
  });

  it('a ghost with a bad self-signature is dropped by the client: never listed, never encrypted to', async () => {
    const { alice, bob, roomId } = await pair();
    const spoiled = await applyAttack(server.url, { kind: 'ghost-device', user: bob.userId, selfSignature: 'bad' });
    // A second, well-signed ghost in the same response shows the response was read.
    const sound = await applyAttack(server.url, { kind: 'ghost-device', user: bob.userId });
    await eventually('the sound ghost', async () => (await devicesOf(alice, bob.userId)).includes(sound.device as string));
    expect(await devicesOf(alice, bob.userId)).not.toContain(spoiled.device);
    expect(await alice.client.getCrypto()!.getDeviceVerificationStatus(bob.userId, spoiled.device as string)).toBeNull();
    await alice.client.sendTextMessage(roomId, 'hello');
    expect(queuedFor(bob.userId, spoiled.device as string)).toHaveLength(0);
    expect(queuedFor(bob.userId, sound.device as string)).toHaveLength(1);
  });
});

describe('master-key replacement', () => {
  it('a verified contact: the client sees a new identity, no longer verified but verified before; Bob sees nothing', async () => {
    const { alice, bob } = await pair();
    const crypto = alice.client.getCrypto()!;
    await verifyWithSas(alice, bob);
    await eventually('Alice to trust Bob', async () => (await crypto.getUserVerificationStatus(bob.userId)).isCrossSigningVerified());
    const realMaster = Object.values((await crypto.getUserCrossSigningKeys(bob.userId))!.master_key!.keys)[0];

    const swap = await applyAttack(server.url, { kind: 'replace-master-key', user: bob.userId });
    const seen = await eventually('the new master key', async () => {
      const master = Object.values((await crypto.getUserCrossSigningKeys(bob.userId))?.master_key?.keys ?? {})[0];
      return master !== realMaster && master;
    });
    expect(seen).toBe(swap.masterKey);
    const status = await crypto.getUserVerificationStatus(bob.userId);
    expect({
      verified: status.isCrossSigningVerified(),
      before: status.wasCrossSigningVerified(),
      approval: status.needsUserApproval,
    }).toEqual({
      verified: false,
      before: true,
      approval: true,
    });
    // Bob's real device is signed by the server's new self-signing key, so it looks like his.
    expect(await crypto.getDeviceVerificationStatus(bob.userId, bob.deviceId)).toMatchObject({
      signedByOwner: true,
      crossSigningVerified: false,
    });
    // Bob's own client is still served his real keys.
    await syncedPastNow(server, bob);
    expect(await bob.client.getCrypto()!.isCrossSigningReady()).toBe(true);
    expect(await bob.client.getCrypto()!.getCrossSigningKeyId()).toBe(realMaster);

    await undoAttack(server.url, swap.id);
    await eventually('the real key again, verified', async () =>
      (await crypto.getUserVerificationStatus(bob.userId)).isCrossSigningVerified(),
    );
  });

  it("an unverified contact: the identity change needs the user's approval (a warning, not a broken verification)", async () => {
    const { alice, roomId } = await pair();
    const carol = await createServerUser(server.url, { user: 'carol' });
    await changeMembership(server.url, roomId, { user: carol.userId, membership: 'invite', by: alice.userId });
    await changeMembership(server.url, roomId, { user: carol.userId, membership: 'join' });
    const crypto = alice.client.getCrypto()!;
    await eventually("Carol's keys", async () => (await devicesOf(alice, carol.userId)).length === 1);
    expect((await crypto.getUserVerificationStatus(carol.userId)).needsUserApproval).toBe(false);

    const swap = await applyAttack(server.url, { kind: 'replace-master-key', user: carol.userId });
    const status = await eventually('the identity change', async () => {
      const s = await crypto.getUserVerificationStatus(carol.userId);
      return s.needsUserApproval && s;
    });
    expect([status.isCrossSigningVerified(), status.wasCrossSigningVerified()]).toEqual([false, false]);
    expect(Object.values((await crypto.getUserCrossSigningKeys(carol.userId))!.master_key!.keys)).toEqual([swap.masterKey]);
  });
});

describe('hidden member', () => {
  it("a member only in state_after joins the client's room with no timeline event, and gets the room key", async () => {
    const { alice, roomId } = await pair();
    const carol = await createServerUser(server.url, { user: 'carol' });
    await applyAttack(server.url, { kind: 'hidden-member', room: roomId, user: carol.userId, via: 'state_after' });
    const room = alice.client.getRoom(roomId)!;
    await eventually('Carol among the members', () => room.getMember(carol.userId)?.membership === 'join');
    const announced = room
      .getLiveTimeline()
      .getEvents()
      .filter((e) => e.getType() === 'm.room.member' && e.getStateKey() === carol.userId);
    expect(announced).toHaveLength(0);

    await alice.client.sendTextMessage(roomId, 'just us two');
    expect(queuedFor(carol.userId, carol.devices[0]!.deviceId)).toHaveLength(1);
  });

  it('a member only in /members: the client learns of them when it loads the member list, never from sync', async () => {
    const { alice, roomId } = await pair();
    const carol = await createServerUser(server.url, { user: 'carol' });
    await applyAttack(server.url, { kind: 'hidden-member', room: roomId, user: carol.userId, via: 'members' });
    await syncedPastNow(server, alice);
    const room = alice.client.getRoom(roomId)!;
    expect(room.getMember(carol.userId)).toBeNull();

    // The first message makes the client load the member list (once per start), as opening the room does in Element.
    await alice.client.sendTextMessage(roomId, 'just us two');
    const carolMember = room.getMember(carol.userId)!;
    expect([carolMember.membership, carolMember.isOutOfBand()]).toEqual(['join', true]);
    expect(queuedFor(carol.userId, carol.devices[0]!.deviceId)).toHaveLength(1);
  });
});

describe('keys/query failures', () => {
  it('a member whose server fails: no keys, nothing encrypted to them, and their server backed off even once announced', async () => {
    const { alice, roomId } = await pair();
    const carol = await createServerUser(server.url, { user: '@carol:remote.example' });
    const failure = await applyAttack(server.url, { kind: 'keys-failures', server: 'remote.example' });
    const mark = server.hs.requests.mark;
    await changeMembership(server.url, roomId, { user: carol.userId, membership: 'invite', by: alice.userId });
    await changeMembership(server.url, roomId, { user: carol.userId, membership: 'join' });
    await eventually("a query for Carol's keys", () => keyQueriesFor(server, alice, carol.userId, mark).length > 0);
    await syncedPastNow(server, alice);
    expect(await devicesOf(alice, carol.userId)).toEqual([]);
    await alice.client.sendTextMessage(roomId, 'hello');
    expect(queuedFor(carol.userId, carol.devices[0]!.deviceId)).toHaveLength(0);

    // The Rust crypto backs a failed server off (15 s, doubling to 15 min): even a device_lists.changed
    // naming Carol (sent by the undo) brings no new query within that time.
    const queried = keyQueriesFor(server, alice, carol.userId, mark).length;
    await undoAttack(server.url, failure.id);
    await syncedPastNow(server, alice);
    await syncedPastNow(server, alice);
    expect(keyQueriesFor(server, alice, carol.userId, mark)).toHaveLength(queried);
    expect(await devicesOf(alice, carol.userId)).toEqual([]);
  });
});

describe('withheld device-list change', () => {
  it('the client never re-queries Bob, so misses his new device, until the change is announced', async () => {
    const { alice, bob } = await pair();
    expect(await devicesOf(alice, bob.userId)).toEqual([bob.deviceId]);
    const withheld = await applyAttack(server.url, { kind: 'withhold-device-list', user: bob.userId });
    const mark = server.hs.requests.mark;

    const bobAgain = await startClient(server.url, await login(server.url, bob.userId, bob.password), { crossSigning: false });
    clients.push(bobAgain);
    await eventually("the new device's keys on the server", () => server.hs.keys.deviceKeysOf(bob.userId, bobAgain.deviceId));
    await syncedPastNow(server, alice);
    await syncedPastNow(server, alice);
    expect(keyQueriesFor(server, alice, bob.userId, mark)).toEqual([]);
    expect(await devicesOf(alice, bob.userId)).toEqual([bob.deviceId]);

    await undoAttack(server.url, withheld.id);
    await eventually('the new device', async () => (await devicesOf(alice, bob.userId)).length === 2);
  });
});
