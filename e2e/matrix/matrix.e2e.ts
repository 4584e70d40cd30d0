// Matrix in both browsers: a local stand-in for a Matrix web client makes the
// API calls Element makes, the local server answers with responses built from
// real keys (matrix-sdk-crypto), and KeyWatch, watching from the page, must list
// the room and raise the same alerts as for any messenger. KeyWatch itself
// makes no request.
import assert from 'node:assert/strict';
import { pollUntil } from '../harness';
import {
  clickMarkVerified,
  bannerState,
  popupAlerts,
  safetyNumberShown,
  selectPerson,
  trustShown,
  waitForAlert,
  waitForPeople,
} from '../support/extension';
import type { E2ETest } from '../test-api';
import { joinedMembersBody, syncBody } from '../../src/adapters/matrix/testing/client-responses';
import { GHOST_DEVICE, keysQueryFor, USERS } from '../../src/adapters/matrix/testing/real-room';
import { api, deviceVouches, serve } from './stand-in-client';
import { ALICE, BOB, CAROL, firstSight, refetchKeys } from './first-sight';

export const tests: E2ETest[] = [
  {
    name: 'matrix first sight: the room’s people listed, every device cross-signed, nothing critical, no request',
    async run(context) {
      const roomId = '!firstsight:keywatch.test';
      const { browser, page, popup } = await firstSight(context, 'first-sight', roomId, [ALICE, BOB, CAROL]);
      await selectPerson(popup, USERS.bob);
      assert.deepEqual(await deviceVouches(popup), ['signed', 'signed'], "Bob's two devices are cross-signed");
      assert.equal(await trustShown(popup), 'first-seen');
      const digits = await safetyNumberShown(popup);
      assert.match(digits, /^\d{60}$/, 'a safety number over the master keys is shown');
      assert.deepEqual(
        (await popupAlerts(popup)).filter(([severity]) => severity === 'critical'),
        [],
      );
      assert.deepEqual(browser.extensionRequests(), [], 'the extension made no network request');
      // The wrapped functions look like the originals to the page.
      const shapes = await page.evaluate(() => {
        const x = XMLHttpRequest.prototype;
        return [fetch.name, fetch.length, x.open.name, x.open.length, x.send.name, x.send.length];
      }, null);
      assert.deepEqual(shapes, ['fetch', 1, 'open', 2, 'send', 0]);
    },
  },
  {
    name: 'matrix ghost device: a new device nobody cross-signed raises a critical alert',
    async run(context) {
      const roomId = '!ghost:keywatch.test';
      // This client keeps no record of its login: the account comes from its /whoami call.
      const { browser, page, popup, room } = await firstSight(context, 'ghost', roomId, [ALICE, BOB], false);
      // The server adds a device to Bob's account; the client re-queries his keys.
      serve(context.server, api.keysQuery, keysQueryFor(room.bob));
      await refetchKeys(page, [USERS.bob]);
      await waitForAlert(popup, 'critical', /ghost/i);
      await selectPerson(popup, USERS.bob);
      await popup.waitFor(
        'the ghost device in the detail',
        (id) => [...document.querySelectorAll('[data-testid="device"]')].some((d) => d.textContent?.includes(id)),
        GHOST_DEVICE,
      );
      assert.deepEqual(await deviceVouches(popup), ['signed', 'signed', 'unsigned']);
      await pollUntil('a critical badge', async () => Number(await browser.badgeText()) >= 1);
      const banner = await pollUntil('the in-page banner', async () => {
        const state = await bannerState(page);
        return state.present && state;
      });
      assert.ok(banner.closed, 'the banner lives in a closed shadow root');
      assert.equal(banner.count, 1, 'one banner, from the content script that reads this page');
      assert.deepEqual(browser.extensionRequests(), []);
    },
  },
  {
    name: "matrix master-key change: a verified user's new identity is critical and verified is cleared",
    async run(context) {
      const roomId = '!swap:keywatch.test';
      const { browser, page, popup, room } = await firstSight(context, 'swap', roomId, [ALICE, BOB]);
      await selectPerson(popup, USERS.bob);
      await clickMarkVerified(popup);
      await pollUntil('Bob verified', async () => (await trustShown(popup)) === 'verified');
      // The server replaces Bob's cross-signing identity and signs his devices with it: every signature valid.
      serve(context.server, api.keysQuery, keysQueryFor(room.bobReplaced));
      await refetchKeys(page, [USERS.bob]);
      await waitForAlert(popup, 'critical', /Bob/);
      await pollUntil('Bob no longer verified', async () => (await trustShown(popup)) === 'changed-after-verified');
      assert.deepEqual(browser.extensionRequests(), []);
    },
  },
  {
    name: 'matrix member joining: a join seen in /sync, then the newcomer’s keys, raises an alert',
    async run(context) {
      const roomId = '!join:keywatch.test';
      const { browser, page, popup, room } = await firstSight(context, 'join', roomId, [ALICE, BOB]);
      // Carol joins: the client learns it from /sync, then fetches her keys (over XHR: /joined_members too).
      serve(context.server, api.sync('s1_next'), syncBody([{ roomId, members: [CAROL], summary: { joined: 3 } }], 's1_next'));
      serve(context.server, api.joinedMembers(roomId), joinedMembersBody([ALICE, BOB, CAROL]));
      serve(context.server, api.keysQuery, keysQueryFor(room.carol));
      await page.evaluate(
        async ({ roomId, carol }) => {
          const client = (window as any).client;
          await client.sync('s1_next');
          await client.joinedMembers(roomId);
          await client.keysQuery([carol]);
          return true;
        },
        { roomId, carol: USERS.carol },
      );
      await waitForPeople(popup, 3);
      await waitForAlert(popup, 'warning', /Carol/);
      assert.deepEqual(browser.extensionRequests(), []);
    },
  },
];
