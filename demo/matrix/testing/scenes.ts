// Small scenes the tests build again and again: people who share an encrypted
// room, and waits on what the homeserver saw.

import type { RunningHomeserver } from '../homeserver/server';
import type { LoggedRequest } from '../homeserver/state/request-log';
import { syncedPastNow as syncedPastNowOverHttp } from './admin';
import { eventually, newClient, type TestClient } from './node-client';

export const ENCRYPTION_STATE = { type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } };

/** `owner` creates an encrypted room and every other client joins it; resolves once the owner sees them all joined. */
export async function sharedRoom(
  owner: TestClient,
  others: TestClient[],
  options: { name?: string; alias?: string } = {},
): Promise<string> {
  const { room_id: roomId } = await owner.client.createRoom({
    name: options.name ?? 'Plans',
    ...(options.alias ? { room_alias_name: options.alias } : {}),
    invite: others.map((o) => o.userId),
    initial_state: [ENCRYPTION_STATE],
  });
  for (const other of others) {
    await eventually(`${other.userId}'s invite`, () => other.client.getRoom(roomId));
    await other.client.joinRoom(roomId);
  }
  await eventually('everyone joined', () => others.every((o) => owner.client.getRoom(roomId)?.getMember(o.userId)?.membership === 'join'));
  return roomId;
}

/** Alice and Bob, real clients with cross-signing, in one encrypted room. */
export async function aliceAndBob(server: RunningHomeserver): Promise<{ alice: TestClient; bob: TestClient; roomId: string }> {
  const [alice, bob] = await Promise.all([newClient(server.url, 'alice'), newClient(server.url, 'bob')]);
  const roomId = await sharedRoom(alice, [bob]);
  return { alice, bob, roomId };
}

/** /keys/query requests by `client` after `mark` that asked for `userId`. */
export function keyQueriesFor(server: RunningHomeserver, client: TestClient, userId: string, mark: number): LoggedRequest[] {
  return server.hs.requests
    .since(mark)
    .filter(
      (r) =>
        r.endpoint === 'keys/query' &&
        r.deviceId === client.deviceId &&
        Object.hasOwn((r.body as { device_keys?: object })?.device_keys ?? {}, userId),
    );
}

/** Resolves once `client` has received and processed everything the server had for it (see admin.syncedPastNow). */
export function syncedPastNow(server: RunningHomeserver, client: TestClient): Promise<void> {
  return syncedPastNowOverHttp(server.url, client.userId, client.deviceId);
}
