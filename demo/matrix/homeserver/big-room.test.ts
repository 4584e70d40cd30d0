// A 1,000-member encrypted room made by the server in about a second (real keys
// and cross-signing for every member), opened by the real client with
// lazy-loaded members: its first sync carries a handful of members, the member
// list comes from /members, and the members' keys in /keys/query batches of
// 250, sent after the client's next sync.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRoom } from '../testing/admin';
import { eventually, newClient, type TestClient } from '../testing/node-client';
import { syncedPastNow } from '../testing/scenes';
import { startHomeserver, type RunningHomeserver } from './server';

let server: RunningHomeserver;
let alice: TestClient;

beforeAll(async () => {
  server = await startHomeserver({ port: 0 });
  alice = await newClient(server.url, 'alice');
});

afterAll(async () => {
  alice.stop();
  await server.close();
});

it('a 1,000-member encrypted room: made fast, lazy-loaded by the client, members and keys fetched on demand', async () => {
  const room = await createRoom(server.url, { creator: alice.userId, name: 'Everyone', generatedMembers: 999, messages: 5 });
  expect(room.members).toHaveLength(1000);
  // Made server-side: 999 users with a device and cross-signing each, 2,000 membership events (npm run bench matrix-homeserver).

  const clientRoom = await eventually('the room in the client', () => alice.client.getRoom(room.roomId));
  expect(clientRoom.getJoinedMemberCount()).toBe(1000); // from the summary
  expect(clientRoom.getMembers().length).toBeLessThan(30); // lazy-loaded: the timeline's senders, the heroes, Alice

  const mark = server.hs.requests.mark;
  await clientRoom.loadMembersIfNeeded();
  expect(clientRoom.getJoinedMembers()).toHaveLength(1000);
  const memberLoads = server.hs.requests.since(mark).filter((r) => r.endpoint.endsWith('/members'));
  expect(memberLoads).toHaveLength(1);

  // Loading the members marks them tracked; the client sends their /keys/query after its next sync (or its first send).
  const asked = () =>
    new Set(
      server.hs.requests
        .since(mark)
        .filter((r) => r.endpoint === 'keys/query' && r.status === 200)
        .flatMap((r) => Object.keys((r.body as { device_keys: object }).device_keys)),
    );
  await syncedPastNow(server, alice);
  await eventually('every member queried', () => asked().size >= 999, 10_000);
  const queries = server.hs.requests.since(mark).filter((r) => r.endpoint === 'keys/query');
  expect(Math.max(...queries.map((r) => Object.keys((r.body as { device_keys: object }).device_keys).length))).toBe(250);

  const crypto = alice.client.getCrypto()!;
  const sample = room.generated[500]!;
  const devices = await crypto.getUserDeviceInfo(room.members);
  expect([...devices.values()].filter((d) => d.size === 1)).toHaveLength(1000);
  expect(await crypto.getDeviceVerificationStatus(sample.userId, sample.devices[0]!.deviceId)).toMatchObject({ signedByOwner: true });
  expect(await crypto.userHasCrossSigningKeys(sample.userId)).toBe(true);
});
