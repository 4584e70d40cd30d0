// A Matrix client that stops showing a room (its home view) does not take down the room's critical banner: the
// banner follows the room's alerts, and goes when they are dealt with (docs/threat-model.md).
import assert from 'node:assert/strict';
import { pollUntil, sleep } from '../harness';
import { acknowledgeCriticalAlerts, bannerState, waitForAlert } from '../support/extension';
import type { E2ETest } from '../test-api';
import { api, serve } from './stand-in-client';
import { ALICE, BOB, firstSight, refetchKeys } from './first-sight';
import { keysQueryFor, USERS } from '../../src/adapters/matrix/testing/real-room';

export const tests: E2ETest[] = [
  {
    name: 'matrix: a room no longer shown keeps its critical banner while the alert is open, and loses it when it is dealt with',
    async run(context) {
      const roomId = '!nothing:keywatch.test';
      const { browser, page, popup, room } = await firstSight(context, 'nothing-banner', roomId, [ALICE, BOB], false);
      serve(context.server, api.keysQuery, keysQueryFor(room.bob));
      await refetchKeys(page, [USERS.bob]);
      await waitForAlert(popup, 'critical', /ghost/i);
      await pollUntil('the banner', async () => (await bannerState(page)).present);
      // The page leaves the room for its home view: no room shown.
      await page.evaluate(() => {
        location.hash = '#/home';
      }, null);
      await sleep(3000);
      assert.equal((await bannerState(page)).present, true, 'the critical banner stays while its alert is open');
      // Dealt with from the records page: the banner goes.
      assert.ok((await acknowledgeCriticalAlerts(browser)) > 0, 'a critical alert was open');
      await pollUntil('the banner taken down', async () => !(await bannerState(page)).present);
    },
  },
];
