// Scenario 5: a verification and an open alert survive the background being
// stopped (Chromium's service worker; Firefox's background page) and the whole
// browser being closed and started again on the same profile.
import assert from 'node:assert/strict';
import { pollUntil } from '../harness';
import { clickMarkVerified, openPopupFor, popupAlerts, selectPerson, trustShown, waitForAlert, waitForPeople } from '../support/extension';
import { applyAttack, createUser, openConversation, signedInPage, startCourier } from '../support/courier';
import type { E2ETest } from '../test-api';

export const tests: E2ETest[] = [
  {
    name: 'alerts and verification survive a stopped background and a browser restart',
    async run({ pool }) {
      const courier = await startCourier({ port: 0 });
      const bob = await createUser(courier.url, 'bob', 'Bob');
      const carol = await createUser(courier.url, 'carol', 'Carol');
      try {
        let browser = await pool.launch('alice');
        let page = await signedInPage(browser, courier, 'alice', 'Alice');
        const group = await bob.createGroup('Persist', ['alice', 'carol']);
        await openConversation(page, group);
        let popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 3);
        await selectPerson(popup, 'bob');
        await clickMarkVerified(popup);
        await pollUntil('Bob verified', async () => (await trustShown(popup)) === 'verified');
        await applyAttack(courier.url, { kind: 'ghost-device', user: 'carol', signedBy: 'server' });
        await waitForAlert(popup, 'critical', /Carol/);
        const alertsBefore = await popupAlerts(popup);
        const badgeBefore = await pollUntil('a badge', () => browser.badgeText());

        // 1. The background stops: nothing that matters lived only in its memory.
        await browser.stopBackground();
        await popup.close();
        popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 3);
        assert.deepEqual(await popupAlerts(popup), alertsBefore, 'the alerts are the same after the background stopped');
        await selectPerson(popup, 'bob');
        assert.equal(await trustShown(popup), 'verified');

        // 2. The browser restarts on the same profile.
        await browser.close();
        browser = await pool.launch('alice');
        assert.equal(await pollUntil('the badge recomputed at start-up', () => browser.badgeText()), badgeBefore);
        page = await browser.newPage(`${courier.url}/`);
        await openConversation(page, group);
        popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 3);
        await waitForAlert(popup, 'critical', /Carol/);
        await selectPerson(popup, 'bob');
        assert.equal(await trustShown(popup), 'verified', 'the verification survived the restart');
      } finally {
        bob.close();
        carol.close();
        await courier.close();
      }
    },
  },
];
