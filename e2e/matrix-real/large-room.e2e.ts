// A 200-member encrypted room with lazy-loaded members, on the real client:
// the first sync carries a few member events, the client loads the rest with
// /members when the room opens and queries their keys in batches after the
// next sync. KeyWatch lists all 201 people with their verdicts, and agrees with
// the client's crypto on every member, identity and device.

import assert from 'node:assert/strict';
import { createRoom } from '../../demo/matrix/testing/admin';
import { openPopupFor } from '../support/extension';
import type { E2ETest } from '../test-api';
import { expectAgreement } from './differential';
import { caughtUp, conversationTitle, openClientPage, openRoom, peopleCounted, register, startMatrixWorld, untilRoomKnown } from './world';

const MEMBERS = 200;

export const tests: E2ETest[] = [
  {
    name: 'Matrix client with KeyWatch: a 200-member encrypted room with lazy-loaded members, every member agreeing with the client’s crypto',
    async run({ pool }) {
      const world = await startMatrixWorld();
      try {
        const browser = await pool.launch('alice');
        const page = await openClientPage(browser, `${world.web.url}/`);
        const alice = await register(page, 'alice');
        const room = await createRoom(world.homeserver.url, { creator: alice.userId, name: 'Crowd', generatedMembers: MEMBERS });
        await untilRoomKnown(page, room.roomId);
        await openRoom(page, room.roomId);
        const outOfBand = await page.evaluate(
          async (id) => (await window.matrixTest.members(id)).filter((m) => m.outOfBand).length,
          room.roomId,
        );
        assert.ok(outOfBand > MEMBERS / 2, `most members came from /members, not from sync (${outOfBand} of ${MEMBERS})`);
        await caughtUp(world, alice);
        const popup = await openPopupFor(browser, page.url());
        await conversationTitle(popup, 'Crowd');
        await peopleCounted(popup, MEMBERS + 1);
        await popup.waitFor('no member left unchecked', () => !document.querySelector('[data-testid="request-keys"]'), null, 60_000);
        const result = await expectAgreement(
          browser,
          page,
          { origin: new URL(world.web.url).origin, account: alice.userId, roomId: room.roomId, accountDevice: alice.deviceId },
          '200-member room, lazy-loaded members',
          60_000,
        );
        assert.ok(result.comparisons > 4 * MEMBERS);
      } finally {
        await world.close();
      }
    },
  },
];
