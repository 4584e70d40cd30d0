// A client that fetches keys from a same-origin iframe is read too: once, only
// the top frame was watched, and a ghost device fetched from an iframe went
// unseen while KeyWatch showed nothing wrong. The observer runs in same-origin
// child frames (those the page makes itself, about:blank and srcdoc, too); what
// they see feeds the tab's state, and the banner stays in the top frame.
import assert from 'node:assert/strict';
import { pollUntil } from '../harness';
import { bannerState, openPopupFor, selectPerson, waitForAlert, waitForPeople } from '../support/extension';
import type { E2ETest } from '../test-api';
import { membersBody, syncBody, whoamiBody } from '../../src/adapters/matrix/testing/client-responses';
import { GHOST_DEVICE, keysQueryFor, realRoom, USERS, withoutGhost } from '../../src/adapters/matrix/testing/real-room';
import { api, deviceVouches, openClient, serve, standInClientPage } from './stand-in-client';
import { ALICE, BOB, firstSight } from './first-sight';

export const tests: E2ETest[] = [
  {
    name: 'matrix frames: keys fetched through an iframe the page made (about:blank) are read, and a ghost device there is raised',
    async run(context) {
      const roomId = '!blankframe:keywatch.test';
      const { browser, page, popup, room } = await firstSight(context, 'blank-frame', roomId, [ALICE, BOB]);
      serve(context.server, api.keysQuery, keysQueryFor(room.bob));
      const devices = await page.evaluate(
        async ({ path, bob }) => {
          // The request goes out through the fetch of a frame made a moment ago, not the top frame's.
          const frame = document.createElement('iframe');
          document.body.append(frame);
          const response = await frame.contentWindow!.fetch(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ device_keys: { [bob]: [] } }),
          });
          const body = await response.json();
          return Object.keys(body.device_keys[bob]).length;
        },
        { path: api.keysQuery, bob: USERS.bob },
      );
      assert.equal(devices, 3, 'the page got the response whole, ghost included');
      await waitForAlert(popup, 'critical', /ghost/i);
      await selectPerson(popup, USERS.bob);
      await popup.waitFor(
        'the ghost device in the detail',
        (id) => [...document.querySelectorAll('[data-testid="device"]')].some((d) => d.textContent?.includes(id)),
        GHOST_DEVICE,
      );
      assert.deepEqual(await deviceVouches(popup), ['signed', 'signed', 'unsigned']);
      await pollUntil('a critical badge', async () => Number(await browser.badgeText()) >= 1);
    },
  },
  {
    name: 'matrix frames: a client that makes every call from a same-origin iframe is read for the tab, and the banner shows in the top frame',
    async run(context) {
      const roomId = '!inframe:keywatch.test';
      const { server } = context;
      const room = await realRoom();
      serve(server, api.whoami, whoamiBody(USERS.alice));
      serve(server, api.members(roomId), membersBody(roomId, [ALICE, BOB]));
      serve(server, api.keysQuery, keysQueryFor(room.alice, withoutGhost(room.bob)));
      serve(server, api.sync(), syncBody([{ roomId, summary: { joined: 2 }, messages: 1 }]));
      // The client itself lives in a frame of the same site; the top document only holds it and the room's address.
      const frameUrl = server.publish('/matrix/frame-client.html', standInClientPage('the client', USERS.alice));
      const browser = await context.pool.launch('in-frame');
      const { page, url } = await openClient(browser, server, 'frame-host', USERS.alice, roomId);
      await page.evaluate(async (src) => {
        const frame = document.createElement('iframe');
        frame.id = 'client';
        frame.src = src;
        await new Promise((resolve) => {
          frame.onload = resolve;
          document.body.append(frame);
        });
      }, frameUrl);
      const call = (what: string, arg: unknown) =>
        page.evaluate(
          async ({ what, arg }) => {
            const client = ((document.getElementById('client') as HTMLIFrameElement).contentWindow as any).client;
            await client[what](arg);
            return true;
          },
          { what, arg },
        );
      await call('whoami', null);
      await call('members', roomId);
      await call('keysQuery', [USERS.alice, USERS.bob]);
      await call('sync', null);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 2);
      const unseen = await popup.evaluate(() => document.querySelector('[data-testid="blind-spot"]')?.textContent ?? '', null);
      assert.match(unseen, /web worker.*frame of another site/, 'the popup says what KeyWatch cannot see on this page');

      serve(server, api.keysQuery, keysQueryFor(room.bob));
      await call('keysQuery', [USERS.bob]);
      await waitForAlert(popup, 'critical', /ghost/i);
      const banner = await pollUntil('the banner in the top frame', async () => {
        const state = await bannerState(page);
        return state.present && state;
      });
      assert.equal(banner.count, 1, 'one banner, in the top frame');
      const inFrame = await page.evaluate(
        () => (document.getElementById('client') as HTMLIFrameElement).contentDocument!.documentElement.children.length,
        null,
      );
      assert.equal(inFrame, 2, 'nothing was added to the frame: its document holds only its head and body');
    },
  },
];
