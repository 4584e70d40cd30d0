// Scenario 2: the server adds a ghost device to Bob's account. KeyWatch raises
// a critical alert on the badge, in the page (banner) and in the popup.
import assert from 'node:assert/strict';
import { pollUntil } from '../harness';
import { bannerState, openPopupFor, selectPerson, waitForAlert, waitForPeople } from '../support/extension';
import { applyAttack, createUser, openConversation, signedInPage, startCourier } from '../support/courier';
import type { E2ETest } from '../test-api';

export const tests: E2ETest[] = [
  {
    name: 'ghost device added by the server: critical alert on badge, banner and popup',
    async run({ pool }) {
      const courier = await startCourier({ port: 0 });
      const bob = await createUser(courier.url, 'bob', 'Bob');
      try {
        const browser = await pool.launch('alice');
        const page = await signedInPage(browser, courier, 'alice', 'Alice');
        const chat = await bob.createDirect('alice');
        await openConversation(page, chat);
        const popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 2);
        assert.equal(await browser.badgeText(), '', 'first sight alone lights no badge');
        assert.equal((await bannerState(page)).present, false);

        await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob', signedBy: 'none' });

        await pollUntil('a critical badge', async () => (await browser.badgeText()) === '1');
        await waitForAlert(popup, 'critical', /ghost/i);
        const banner = await pollUntil('the in-page banner', async () => {
          const state = await bannerState(page);
          return state.present && state;
        });
        assert.ok(banner.closed, 'the banner lives in a closed shadow root');
        assert.equal(banner.count, 1, 'one banner, from the content script that reads this page');
        assert.ok(banner.onTop, 'the banner is on top of the page');
        await selectPerson(popup, 'bob');
        const vouches = await popup.evaluate(
          () => [...document.querySelectorAll('[data-testid="device"]')].map((d) => d.getAttribute('data-vouch')).sort(),
          null,
        );
        assert.deepEqual(vouches, ['signed', 'unsigned'], 'the new device is shown as vouched for by no one');

        // Acknowledging the alert in the popup takes the banner down and clears the badge.
        await popup.click('[data-testid="alert"][data-severity="critical"] button');
        await popup.click('[data-testid="confirm-acknowledge"]');
        await pollUntil('the banner taken down', async () => !(await bannerState(page)).present);
        await pollUntil('the badge cleared', async () => (await browser.badgeText()) === '');
        assert.deepEqual(browser.extensionRequests(), [], 'the extension made no network request');
      } finally {
        bob.close();
        await courier.close();
      }
    },
  },
];
