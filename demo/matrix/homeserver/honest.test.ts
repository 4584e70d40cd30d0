// The honest homeserver with the real client (matrix-js-sdk 43, Rust crypto, in
// Node): what the client needs works, and what it sends, when, is recorded.

import { RoomEvent, type MatrixEvent } from 'matrix-js-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeMembership, createServerUser } from '../testing/admin';
import { eventually, login, newClient, startClient, startDehydration, verifyWithSas, type TestClient } from '../testing/node-client';
import { keyQueriesFor, sharedRoom } from '../testing/scenes';
import { deviceLists } from './sync/device-lists';
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

async function client(localpart: string, options: { crossSigning?: boolean } = {}): Promise<TestClient> {
  const made = await newClient(server.url, localpart, options);
  clients.push(made);
  return made;
}

async function decryptedBodies(tc: TestClient, roomId: string): Promise<string[]> {
  const events = tc.client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
  const bodies: string[] = [];
  for (const event of events) {
    await tc.client.decryptEventIfNeeded(event);
    if (event.getType() === 'm.room.message') bodies.push(event.getContent().body as string);
  }
  return bodies;
}

function endpoints(mark: number, deviceId: string): string[] {
  return server.hs.requests
    .since(mark)
    .filter((r) => r.deviceId === deviceId)
    .map((r) => `${r.method} ${r.endpoint.replace(/rooms\/[^/]+/, 'rooms/{id}').replace(/user\/[^/]+/, 'user/{id}')}`);
}

describe('the real client on the honest homeserver', () => {
  it('first login: what the client asks for, up to cross-signing behind user-interactive auth', async () => {
    const mark = server.hs.requests.mark;
    const alice = await client('alice');
    const sent = endpoints(mark, alice.deviceId);
    // Cross-signing is uploaded behind user-interactive auth: a 401 with a session, then the retry with the password.
    const upload = server.hs.requests.since(mark).filter((r) => r.endpoint === 'keys/device_signing/upload');
    expect(upload.map((r) => r.status)).toEqual([401, 200]);
    for (const expected of [
      'GET versions',
      'GET pushrules/',
      'GET capabilities',
      'POST user/{id}/filter',
      'GET sync',
      'POST keys/upload',
      'POST keys/signatures/upload',
    ]) {
      expect(sent).toContain(expected);
    }
    const firstSync = server.hs.requests.since(mark).find((r) => r.endpoint === 'sync')!;
    const filter = JSON.parse(new URL(firstSync.url, server.url).searchParams.get('filter')!);
    expect(filter.room.state.lazy_load_members).toBe(true);
    expect(new URL(firstSync.url, server.url).searchParams.get('org.matrix.msc4222.use_state_after')).toBe('true');
    expect(await alice.client.getCrypto()!.isCrossSigningReady()).toBe(true);
  });

  it('an idle client waits in its long-polling sync instead of asking again and again', async () => {
    const [alice, bob] = await Promise.all([client('alice'), client('bob')]);
    await sharedRoom(alice, [bob]);
    await new Promise((r) => setTimeout(r, 300)); // the clients settle (key uploads and queries)
    const mark = server.hs.requests.mark;
    await new Promise((r) => setTimeout(r, 700));
    const syncs = server.hs.requests.since(mark).filter((r) => r.endpoint === 'sync');
    expect(syncs.length).toBeLessThanOrEqual(2);
  });

  it('two people join an encrypted room by alias and read each other; opening it loads members once, with at and not_membership', async () => {
    const [alice, bob] = await Promise.all([client('alice'), client('bob')]);
    const { room_id: roomId } = await alice.client.createRoom({
      name: 'Plans',
      room_alias_name: 'plans',
      preset: 'public_chat' as never,
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    const joined = await bob.client.joinRoom('#plans:localhost');
    expect(joined.roomId).toBe(roomId);
    await eventually('Alice to see Bob', () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === 'join');

    const mark = server.hs.requests.mark;
    await alice.client.sendTextMessage(roomId, 'hello Bob');
    const members = server.hs.requests.since(mark).filter((r) => r.endpoint.endsWith('/members') && r.deviceId === alice.deviceId);
    expect(members).toHaveLength(1);
    expect(new URL(members[0]!.url, server.url).searchParams.get('not_membership')).toBe('leave');
    expect(new URL(members[0]!.url, server.url).searchParams.get('at')).toMatch(/^s\d+$/);
    await eventually('Bob to read it', async () => (await decryptedBodies(bob, roomId)).includes('hello Bob'));

    await bob.client.sendTextMessage(roomId, 'hello Alice');
    await eventually('Alice to read it', async () => (await decryptedBodies(alice, roomId)).includes('hello Alice'));
    await alice.client.sendTextMessage(roomId, 'again');
    expect(server.hs.requests.since(mark).filter((r) => r.endpoint.endsWith('/members') && r.deviceId === alice.deviceId)).toHaveLength(1);
  });

  it("one's own new login is not cross-signed until another session signs it; then everyone sees it signed", async () => {
    const [alice, bob] = await Promise.all([client('alice'), client('bob')]);
    await sharedRoom(alice, [bob]);
    const second = await startClient(server.url, await login(server.url, alice.userId, alice.password), { crossSigning: false });
    clients.push(second);
    const first = alice.client.getCrypto()!;
    const before = await eventually('the new login in the first session', () =>
      first.getDeviceVerificationStatus(alice.userId, second.deviceId),
    );
    expect(before.signedByOwner).toBe(false);
    await eventually("Bob's view of the new login", () =>
      bob.client.getCrypto()!.getDeviceVerificationStatus(alice.userId, second.deviceId),
    );

    await first.crossSignDevice(second.deviceId);
    await eventually(
      'signed in the first session',
      async () => (await first.getDeviceVerificationStatus(alice.userId, second.deviceId))?.signedByOwner,
    );
    await eventually(
      'signed in Bob’s view',
      async () => (await bob.client.getCrypto()!.getDeviceVerificationStatus(alice.userId, second.deviceId))?.signedByOwner,
    );
    await eventually(
      'the new session trusts its identity',
      async () => (await second.client.getCrypto()!.getDeviceVerificationStatus(alice.userId, second.deviceId))?.signedByOwner,
    );
  });

  it('emoji verification: each signer alone is told by its sync that it signed the other, fetches their keys, and trusts them', async () => {
    const [alice, bob, carol] = await Promise.all([client('alice'), client('bob'), client('carol')]);
    await sharedRoom(alice, [bob, carol]);
    const [mark, position] = [server.hs.requests.mark, server.hs.stream.current];
    await verifyWithSas(alice, bob);
    for (const [signer, signed] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      await eventually(`${signer.userId} to trust ${signed.userId}`, async () =>
        (await signer.client.getCrypto()!.getUserVerificationStatus(signed.userId)).isCrossSigningVerified(),
      );
      // Whichever side uploads its signature last, it fetches the other's keys after that upload: its own sync said so.
      const upload = server.hs.requests
        .since(mark)
        .filter((r) => r.endpoint === 'keys/signatures/upload' && r.deviceId === signer.deviceId)
        .at(-1)!;
      expect(keyQueriesFor(server, signer, signed.userId, upload.seq + 1).length).toBeGreaterThan(0);
      expect(deviceLists(server.hs, signer.userId, position).changed).toContain(signed.userId);
    }
    // A signature on someone else's master key is the signer's own business: nobody else is told of it.
    expect(deviceLists(server.hs, carol.userId, position).changed).toEqual([]);
  });

  it('a user without cross-signing and a dehydrated device, both as the client sees them', async () => {
    const alice = await client('alice');
    const { room_id: roomId } = await alice.client.createRoom({
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    const old = await createServerUser(server.url, { user: 'oldclient', crossSigning: false });
    const modern = await createServerUser(server.url, { user: 'modern', dehydratedDevice: true });
    for (const user of [old.userId, modern.userId]) {
      await changeMembership(server.url, roomId, { user, membership: 'invite', by: alice.userId });
      await changeMembership(server.url, roomId, { user, membership: 'join' });
    }
    const crypto = alice.client.getCrypto()!;
    await eventually(
      'both users in the crypto store',
      async () => (await crypto.getUserDeviceInfo([old.userId, modern.userId])).size === 2,
    );
    expect(await crypto.userHasCrossSigningKeys(old.userId)).toBe(false);
    expect(await crypto.getDeviceVerificationStatus(old.userId, old.devices[0]!.deviceId)).toMatchObject({ signedByOwner: false });

    const devices = (await crypto.getUserDeviceInfo([modern.userId])).get(modern.userId)!;
    const dehydrated = modern.devices.find((d) => d.dehydrated)!.deviceId;
    expect(devices.get(dehydrated)?.dehydrated).toBe(true);
    expect(await crypto.getDeviceVerificationStatus(modern.userId, dehydrated)).toMatchObject({ signedByOwner: true });
  });

  it("the client's own dehydrated device: uploaded with dehydrated: true and cross-signed", async () => {
    const [alice, bob] = await Promise.all([client('alice'), client('bob')]);
    await sharedRoom(alice, [bob]);
    await startDehydration(alice);
    const dehydrated = server.hs.accounts.devicesOf(alice.userId).find((d) => d.dehydrated)!;
    expect(server.hs.keys.deviceKeysOf(alice.userId, dehydrated.deviceId)?.dehydrated).toBe(true);
    const seen = await eventually("Bob's view of it", async () =>
      (await bob.client.getCrypto()!.getUserDeviceInfo([alice.userId])).get(alice.userId)?.get(dehydrated.deviceId),
    );
    expect(seen.dehydrated).toBe(true);
    expect(await bob.client.getCrypto()!.getDeviceVerificationStatus(alice.userId, dehydrated.deviceId)).toMatchObject({
      signedByOwner: true,
    });
  });

  it('a member who joins and leaves is announced in the timeline and tracked by the client', async () => {
    const [alice, bob] = await Promise.all([client('alice'), client('bob')]);
    const roomId = await sharedRoom(alice, [bob]);
    const room = alice.client.getRoom(roomId)!;
    const seen: string[] = [];
    room.on(RoomEvent.Timeline, (event: MatrixEvent) => {
      if (event.getType() === 'm.room.member') seen.push(`${event.getStateKey()} ${event.getContent().membership}`);
    });
    await bob.client.leave(roomId);
    await eventually('Bob gone', () => room.getMember(bob.userId)?.membership === 'leave');
    expect(seen).toEqual([`${bob.userId} leave`]);
  });
});
