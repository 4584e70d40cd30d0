// KeyWatch installed into a profile where the real Matrix client already ran:
// the client resumes from IndexedDB, opens the room from an alias-only address
// and sends /members but no /keys/query. KeyWatch resolves the alias from the
// client's own record (mx_last_room_id), lists the room's people as not
// checked at once, and, when the user asks in the popup, the page's own
// client fetches their keys (one /keys/query of the client's, nothing before
// the click); KeyWatch then checks them and agrees with the client's crypto.

import assert from 'node:assert/strict';
import { createRoom, createServerUsers } from '../../demo/matrix/testing/admin';
import { launchWithoutExtension } from '../harness/profile-only';
import { selectPerson } from '../support/extension';
import { deviceVouches } from '../matrix/stand-in-client';
import type { E2ETest } from '../test-api';
import { expectAgreement } from './differential';
import { caughtUp, openClientPage, openRoom, popupShowing, register, requestsSince, startMatrixWorld, untilRoomKnown } from './world';

export const tests: E2ETest[] = [
  {
    name: 'Matrix client with KeyWatch installed later: an alias-only address resolved from mx_last_room_id, the people listed at once as not checked, their keys fetched by the page’s own client on the user’s click',
    async run({ browser: name, pool }) {
      const world = await startMatrixWorld();
      try {
        const hs = world.homeserver.url;
        const [bob, carol] = await createServerUsers(hs, [
          { user: 'bob', displayName: 'Bob', devices: 2 },
          { user: 'carol', displayName: 'Carol' },
        ]);
        // The client runs in this profile before KeyWatch is there.
        const before = await launchWithoutExtension(name, pool.profile('late'));
        let page = await openClientPage(before, `${world.web.url}/`);
        const alice = await register(page, 'alice');
        const team = await createRoom(hs, { creator: alice.userId, name: 'Team', alias: 'team', members: [bob!.userId, carol!.userId] });
        await untilRoomKnown(page, team.roomId);
        await openRoom(page, '#team:localhost');
        await caughtUp(world, alice);
        await page.evaluate(() => window.matrixTest.flushSyncStore(), null);
        await before.close();

        // KeyWatch is installed; the client comes back at the alias address.
        const browser = await pool.launch('late');
        const mark = world.homeserver.hs.requests.mark;
        page = await openClientPage(browser, `${world.web.url}/#/room/#team:localhost`);
        const popup = await popupShowing(browser, page, 3, '#team:localhost');
        await popup.waitFor('the offer to ask for keys', () => !!document.querySelector('[data-testid="request-keys"]'), null);
        await caughtUp(world, alice);
        assert.equal(requestsSince(world, mark, alice.deviceId, 'keys/query'), 0, 'the resumed client asks for no keys by itself');

        await popup.click('[data-testid="request-keys"]');
        // The outcome shows until the keys arrive; when they come first, the whole offer is gone with it.
        const outcome = await popup.waitFor(
          'the outcome of asking',
          () =>
            document.querySelector('[data-testid="request-keys-outcome"]')?.getAttribute('data-outcome') ??
            (document.querySelector('[data-testid="keys-request"]') ? undefined : 'keys arrived'),
          null,
        );
        assert.ok(outcome === 'requested' || outcome === 'keys arrived', `asked the page's client: ${outcome}`);
        await popup.waitFor('every key checked', () => !document.querySelector('[data-testid="request-keys"]'), null, 30_000);
        assert.equal(requestsSince(world, mark, alice.deviceId, 'keys/query'), 1, 'one /keys/query, the client’s own, after the click');
        await selectPerson(popup, bob!.userId);
        assert.deepEqual(await deviceVouches(popup), ['signed', 'signed']);
        await expectAgreement(
          browser,
          page,
          { origin: new URL(world.web.url).origin, account: alice.userId, roomId: team.roomId, accountDevice: alice.deviceId },
          'installed after the client ran, keys fetched on request',
        );
        assert.deepEqual(browser.extensionRequests(), [], 'the extension itself made no request');
      } finally {
        await world.close();
      }
    },
  },
];
