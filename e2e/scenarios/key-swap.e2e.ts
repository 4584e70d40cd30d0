// Scenario 3: Alice verifies Bob, then the server swaps Bob's identity key for
// its own. The alert is critical and Bob is no longer shown as verified.
import assert from 'node:assert/strict';
import { openPopupFor, selectPerson, trustShown, waitForAlert, waitForPeople } from '../support/extension';
import { applyAttack, createUser, openConversation, signedInPage, startCourier } from '../support/courier';
import { pollUntil } from '../harness';
import type { E2ETest } from '../test-api';

export const tests: E2ETest[] = [
  {
    name: 'verified contact, then an identity-key swap: critical alert and verified cleared',
    async run({ pool }) {
      const courier = await startCourier({ port: 0 });
      const bob = await createUser(courier.url, 'bob', 'Bob');
      try {
        const browser = await pool.launch('alice');
        const page = await signedInPage(browser, courier, 'alice', 'Alice');
        await openConversation(page, await bob.createDirect('alice'));
        const popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 2);
        await selectPerson(popup, 'bob');
        assert.equal(await trustShown(popup), 'first-seen');
        await popup.click('[data-testid="mark-verified"]');
        await pollUntil('Bob verified', async () => (await trustShown(popup)) === 'verified');

        await applyAttack(courier.url, { kind: 'swap-identity', user: 'bob' });

        await waitForAlert(popup, 'critical', /Bob/);
        await pollUntil('Bob no longer verified', async () => (await trustShown(popup)) === 'changed-after-verified');
        await pollUntil('a critical badge', async () => Number(await browser.badgeText()) >= 1);
        const standing = await popup.evaluate(() => document.querySelector('[data-testid="standing"]')?.className ?? '', null);
        assert.match(standing, /degraded/, 'the conversation that was all verified is shown degraded');
        assert.deepEqual(browser.extensionRequests(), [], 'the extension made no network request');
      } finally {
        bob.close();
        await courier.close();
      }
    },
  },
];
