// KeyWatch on the real Matrix client (matrix-js-sdk 43 + Rust crypto) and the
// test homeserver, in Chromium and Firefox: first sight of a direct and a
// 3-person room, a room switch by pushState (to an alias) and by
// location.assign, a reload and a browser restart on the same profile (the
// client then sends /members and no /keys/query: until /members comes, KeyWatch
// shows the room's people from memory, marked so, then confirms them). After
// each step, KeyWatch's verdicts are compared
// with the client's own crypto in the same page.
// Run alone: E2E_GREP='Matrix client with KeyWatch' npm run test:e2e

import assert from 'node:assert/strict';
import { changeMembership, createRoom, createServerUsers } from '../../demo/matrix/testing/admin';
import { type ExtensionBrowser, type TestPage } from '../harness';
import { selectPerson, trustShown } from '../support/extension';
import { deviceVouches } from '../matrix/stand-in-client';
import type { E2ETest } from '../test-api';
import { expectAgreement } from './differential';
import {
  alertsShown,
  caughtUp,
  conversationTitle,
  openClientPage,
  notCheckedShown,
  openRoom,
  popupShowing,
  register,
  reload,
  requestsSince,
  standingShown,
  startMatrixWorld,
  untilRoomKnown,
  type Person,
} from './world';

export const tests: E2ETest[] = [
  {
    name: 'Matrix client with KeyWatch: first sight of a direct and a 3-person room, switches by pushState to an alias and by location.assign, a reload and a browser restart, each agreeing with the client’s crypto',
    async run({ pool }) {
      const world = await startMatrixWorld();
      let browser: ExtensionBrowser | null = null;
      try {
        const hs = world.homeserver.url;
        const origin = new URL(world.web.url).origin;
        const [bob, carol] = await createServerUsers(hs, [
          { user: 'bob', displayName: 'Bob', devices: 2 },
          { user: 'carol', displayName: 'Carol' },
        ]);
        browser = await pool.launch('alice');
        let page = await openClientPage(browser, `${world.web.url}/`);
        const alice = await register(page, 'alice');
        const direct = await createRoom(hs, { creator: alice.userId, members: [bob!.userId] });
        const plans = await createRoom(hs, { creator: alice.userId, name: 'Plans', alias: 'plans', members: [bob!.userId, carol!.userId] });
        await untilRoomKnown(page, direct.roomId);
        await untilRoomKnown(page, plans.roomId);
        const agree = (roomId: string, scenario: string, b: ExtensionBrowser, p: TestPage, who: Person = alice) =>
          expectAgreement(b, p, { origin, account: who.userId, roomId, accountDevice: who.deviceId }, scenario);

        // First sight, direct: the other person's name, both of Bob's devices cross-signed, nothing critical.
        await openRoom(page, direct.roomId);
        await caughtUp(world, alice);
        let popup = await popupShowing(browser, page, 2, 'Bob');
        assert.deepEqual(
          (await alertsShown(popup)).filter((a) => a.severity === 'critical'),
          [],
        );
        await selectPerson(popup, bob!.userId);
        assert.deepEqual(await deviceVouches(popup), ['signed', 'signed']);
        assert.equal(await trustShown(popup), 'first-seen');
        await agree(direct.roomId, 'first sight, direct room', browser, page);

        // A switch by pushState to the 3-person room's alias (newer Element: no hashchange).
        await openRoom(page, '#plans:localhost', 'pushState');
        assert.equal(await page.evaluate(() => location.hash, null), '#/room/#plans:localhost');
        await caughtUp(world, alice);
        await popup.close();
        popup = await popupShowing(browser, page, 3, 'Plans');
        await agree(plans.roomId, 'first sight, 3-person room reached by alias with pushState', browser, page);
        // And back by location.assign (older Element: hashchange): the same popup follows.
        await openRoom(page, direct.roomId, 'assign');
        await conversationTitle(popup, 'Bob');

        // A reload: the client resumes from IndexedDB, sends /members and no /keys/query; the room is shown all the same.
        await page.evaluate(() => window.matrixTest.flushSyncStore(), null);
        let mark = world.homeserver.hs.requests.mark;
        await reload(page);
        await caughtUp(world, alice);
        await popup.close();
        popup = await popupShowing(browser, page, 2, 'Bob');
        assert.equal(requestsSince(world, mark, alice.deviceId, 'keys/query'), 0, 'the reloaded client queried no keys');
        await agree(direct.roomId, 'after a reload', browser, page);

        // A browser restart on the same profile: storage.session is gone; what KeyWatch verified is not.
        await browser.close();
        // Carol leaves while the browser is closed: the client learns it from its catch-up /sync.
        await changeMembership(hs, plans.roomId, { user: carol!.userId, membership: 'leave' });
        browser = await pool.launch('alice');
        mark = world.homeserver.hs.requests.mark;
        // The room's member list is held back by the server: what the popup shows until it comes is from memory.
        const releaseMembers = world.homeserver.hs.held.hold('members');
        let shownAfter: number;
        try {
          const opened = Date.now();
          page = await openClientPage(browser, `${world.web.url}/#/room/#plans:localhost`);
          popup = await popupShowing(browser, page, 3, 'Plans');
          shownAfter = Date.now() - opened;
          assert.ok((await notCheckedShown(popup)).includes('remembered'), 'the people are marked as remembered, not confirmed');
          assert.equal(await standingShown(popup), 'not-checked');
          await selectPerson(popup, bob!.userId);
          assert.deepEqual(
            await deviceVouches(popup),
            ['signed', 'signed'],
            "Bob's devices with KeyWatch's own verdicts, from before the restart",
          );
        } finally {
          releaseMembers();
        }
        // The client's member list comes, as of its last sync token, so after the /sync that says Carol left:
        // the people are confirmed (the mark is gone) and Carol is no longer among them.
        await popup.close();
        popup = await popupShowing(browser, page, 2, 'Plans');
        await popup.waitFor('the remembered mark gone', () => !document.querySelector('[data-kind="remembered"]'), null, 30_000);
        await caughtUp(world, alice);
        assert.equal(requestsSince(world, mark, alice.deviceId, 'keys/query'), 0, 'the restarted client queried no keys');
        assert.equal(requestsSince(world, mark, alice.deviceId, `rooms/${encodeURIComponent(plans.roomId)}/members`), 1);
        await agree(plans.roomId, 'after a browser restart, alias-only address', browser, page);
        console.log(`     after the restart, the popup listed the room from memory ${shownAfter} ms after the page was opened`);
      } finally {
        await browser?.close();
        await world.close();
      }
    },
  },
];
