// storage.session cannot be filled from outside, and a write it refuses is
// said, never dropped: a homeserver serving long non-ASCII text in what no
// signature covers (`unsigned.device_display_name`) once filled Chrome's 10 MiB,
// after which Bob's ghost device raised nothing at all.
import assert from 'node:assert/strict';
import { pollUntil, type ExtensionBrowser } from '../harness';
import { waitForAlert } from '../support/extension';
import type { E2ETest } from '../test-api';
import { keysQueryFor, USERS, withoutGhost } from '../../src/adapters/matrix/testing/real-room';
import { membersBody, type MemberSpec } from '../../src/adapters/matrix/testing/client-responses';
import { SESSION_LIMITS } from '../../src/adapters/matrix/background/session-plan';
import { SESSION_QUOTA_BYTES } from '../../src/adapters/matrix/background/session-bytes';
import { api, serve, tabState } from './stand-in-client';
import { ALICE, BOB, firstSight, refetchKeys } from './first-sight';

/** A device as a hostile server serves it: nothing signed, a display name of `chars` three-byte characters, `padding` more in a member a signature would cover. */
function paddedUser(userId: string, chars: number, padding = 0) {
  return {
    [userId]: {
      PADDED: {
        user_id: userId,
        device_id: 'PADDED',
        algorithms: ['m.olm.v1.curve25519-aes-sha2'],
        keys: {},
        signatures: {},
        ...(padding > 0 ? { padding: 'x'.repeat(padding) } : {}),
        unsigned: { device_display_name: '字'.repeat(chars) },
      },
    },
  };
}

async function sessionBytes(browser: ExtensionBrowser): Promise<number> {
  return browser.inExtension(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return api.storage.session.getBytesInUse(null) as Promise<number>;
  }, null);
}

export const tests: E2ETest[] = [
  {
    name: 'matrix session storage: long unsigned display names cannot fill it, and a ghost device after them is still raised',
    async run(context) {
      const roomId = '!flood:keywatch.test';
      const { browser, page, popup, room } = await firstSight(context, 'flood', roomId, [ALICE, BOB]);
      // Users whose display names are three-byte text, large ones first, then ever smaller ones to fill what is left:
      // 3.6 million characters, 10.7 MB in UTF-8, more than the 10 MiB the browser gives storage.session in all.
      const sizes = [
        ...Array(8).fill(350_000),
        ...Array(6).fill(100_000),
        ...[30_000, 10_000, 3000, 1000, 300].flatMap((n) => Array(4).fill(n)),
      ];
      for (const [i, chars] of sizes.entries()) {
        const userId = `@padded${i}:keywatch.test`;
        serve(context.server, api.keysQuery, { device_keys: paddedUser(userId, chars) });
        await refetchKeys(page, [userId]);
      }
      // Then the server adds a device to Bob's account that nobody cross-signed.
      serve(context.server, api.keysQuery, keysQueryFor(room.bob));
      await refetchKeys(page, [USERS.bob]);
      await waitForAlert(popup, 'critical', /ghost/i);
      await pollUntil('a critical badge', async () => Number(await browser.badgeText()) >= 1);
      const used = await sessionBytes(browser);
      assert.ok(used < SESSION_LIMITS.totalBytes, `storage.session holds ${used} bytes, within the Matrix total and far from the quota`);
    },
  },
  {
    name: 'matrix session storage: a write the browser refuses is retried, and when it still fails the popup says so',
    async run(context) {
      const roomId = '!full:keywatch.test';
      const { browser, page, room } = await firstSight(context, 'full', roomId, [ALICE, BOB]);
      // Something else takes all but 2,000 bytes of the area. The background may write in between (the tab's state, its
      // figures, the carried copy), and then this write no longer fits: measured again and retried.
      await browser.inExtension(async (quota) => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        for (let attempt = 1; ; attempt++) {
          const free = quota - (await api.storage.session.getBytesInUse(null));
          try {
            await api.storage.session.set({ 'test/filler': 'x'.repeat(free - 2000) });
            return;
          } catch (error) {
            if (attempt === 10) throw error;
            await new Promise((settle) => setTimeout(settle, 100));
          }
        }
      }, SESSION_QUOTA_BYTES);
      // The room gains ten members with long names (about 8 kB to keep), then the client fetches Bob's keys again.
      const others: MemberSpec[] = Array.from({ length: 10 }, (_, i) => ({
        userId: `@other${i}:keywatch.test`,
        name: `Other ${i} ${'名'.repeat(240)}`,
      }));
      serve(context.server, api.members(roomId), membersBody(roomId, [ALICE, BOB, ...others]));
      serve(context.server, api.keysQuery, keysQueryFor(withoutGhost(room.bob)));
      await page.evaluate((roomId) => (window as any).client.members(roomId).then(() => true), roomId);
      await refetchKeys(page, [USERS.bob]);
      // That the room could not be kept is said: once the keys arrive, the tab no longer claims to read it, and says
      // why. (Before they arrive, the tab may still show the members as checked the moment they came, with a problem
      // saying they could not be kept; refetchKeys does not wait for the background.)
      await pollUntil(
        'the tab to claim no roster for the room it could not keep',
        async () => (await tabState(browser, page.url()))?.conversationKey === null,
      );
      const state = await tabState(browser, page.url());
      assert.match(state?.problem ?? '', /could not keep|not been fetched/, 'the tab says why the room is not read');
    },
  },
];
