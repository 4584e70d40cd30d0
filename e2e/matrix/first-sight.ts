// Opening a room in the stand-in Matrix client the way Element does on first
// load, shared by the Matrix end-to-end tests.
import assert from 'node:assert/strict';
import { pollUntil, type ExtensionBrowser, type TestPage } from '../harness';
import { openPopupFor, popupAlerts, waitForPeople } from '../support/extension';
import type { E2EContext } from '../test-api';
import { membersBody, syncBody, whoamiBody, type MemberSpec } from '../../src/adapters/matrix/testing/client-responses';
import { keysQueryFor, realRoom, USERS, withoutGhost, type RealRoom } from '../../src/adapters/matrix/testing/real-room';
import type { RealUser } from '../../src/adapters/matrix/testing/matrix-sdk-reference';
import { api, openClient, serve, tabState } from './stand-in-client';

export const ALICE: MemberSpec = { userId: USERS.alice, name: 'Alice' };
export const BOB: MemberSpec = { userId: USERS.bob, name: 'Bob' };
export const CAROL: MemberSpec = { userId: USERS.carol, name: 'Carol' };

export interface Opened {
  browser: ExtensionBrowser;
  page: TestPage;
  popup: TestPage;
  room: RealRoom;
}

/**
 * Alice's client opens `roomId` the way Element does on first load: who am I,
 * the member list, the members' keys, then a sync; and the popup lists them.
 */
export async function firstSight(
  context: E2EContext,
  name: string,
  roomId: string,
  members: MemberSpec[],
  clientRecord = true,
): Promise<Opened> {
  const room = await realRoom();
  const { server } = context;
  const users = members.map((m) => m.userId);
  const honest: Record<string, RealUser> = { [USERS.alice]: room.alice, [USERS.bob]: withoutGhost(room.bob), [USERS.carol]: room.carol };
  serve(server, api.whoami, whoamiBody(USERS.alice));
  serve(server, api.members(roomId), membersBody(roomId, members));
  serve(server, api.keysQuery, keysQueryFor(...users.map((u) => honest[u]!)));
  serve(server, api.sync(), syncBody([{ roomId, summary: { joined: members.length }, messages: 3 }]));

  const browser = await context.pool.launch('alice');
  const { page, url } = await openClient(browser, server, name, clientRecord ? USERS.alice : null, roomId);
  const seen = await page.evaluate(
    async ({ roomId, users }) => {
      const client = (window as any).client;
      const who = await client.whoami();
      const listed = await client.members(roomId);
      const keys = await client.keysQuery(users);
      await client.sync();
      return {
        who: who.user_id,
        listed: listed.chunk.length,
        devices: users.map((u: string) => Object.keys(keys.device_keys[u] ?? {}).length),
      };
    },
    { roomId, users },
  );
  // The page still gets every response whole: KeyWatch only copies them.
  assert.deepEqual(seen, { who: USERS.alice, listed: members.length, devices: users.map((u) => Object.keys(honest[u]!.devices).length) });

  const popup = await openPopupFor(browser, url);
  await waitForPeople(popup, members.length).catch(async (error: unknown) => {
    const session = await browser.inExtension(
      async () => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.session.get(null),
      null,
    );
    throw new Error(
      `${String(error)}; tab state: ${JSON.stringify(await tabState(browser, url))}; session: ${JSON.stringify(session).slice(0, 3000)}`,
    );
  });
  return { browser, page, popup, room };
}

/** The client asks for these users' keys again (the server answers with what it serves now). */
export async function refetchKeys(page: TestPage, users: string[]): Promise<void> {
  await page.evaluate((users) => (window as any).client.keysQuery(users).then(() => true), users);
}

/** Waits for the critical alert of the ghost device a frame fetched; a failure says what the page saw (`seen`). */
export async function expectGhostFromFrame(popup: TestPage, seen: unknown): Promise<void> {
  const raised = await pollUntil(
    'a ghost alert',
    async () => (await popupAlerts(popup)).some(([s, t]) => s === 'critical' && /ghost/i.test(t)),
    12_000,
  ).catch((e: unknown) => String(e));
  assert.equal(raised, true, `the ghost device fetched through the frame was read (${JSON.stringify(seen)})`);
}
