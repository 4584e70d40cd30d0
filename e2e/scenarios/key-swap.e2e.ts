// Scenario 3: Alice verifies Bob, then the server swaps Bob's identity key for
// its own. The alert is critical and Bob is no longer shown as verified. The
// devices the attacker's key signed are described as signed by that new,
// unverified key, never as signed by "their identity key".
import assert from 'node:assert/strict';
import { clickMarkVerified, openPopupFor, selectPerson, trustShown, waitForAlert, waitForPeople } from '../support/extension';
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
        await clickMarkVerified(popup);
        await pollUntil('Bob verified', async () => (await trustShown(popup)) === 'verified');

        await applyAttack(courier.url, { kind: 'swap-identity', user: 'bob' });

        await waitForAlert(popup, 'critical', /Bob/);
        await pollUntil('Bob no longer verified', async () => (await trustShown(popup)) === 'changed-after-verified');
        await pollUntil('a critical badge', async () => Number(await browser.badgeText()) >= 1);
        await popup.waitFor(
          "Bob's devices shown as signed by his new, unverified key",
          () => {
            const devices = [...document.querySelectorAll('[data-testid="device"]')];
            return devices.length > 0 && devices.every((d) => /signed by their new, unverified identity key/.test(d.textContent ?? ''));
          },
          null,
        );
        await waitForAlert(popup, 'warning', /Bob has a new device .*signed by their new, unverified identity key/);
        const alertTexts = await popup.evaluate(
          () => [...document.querySelectorAll('[data-testid="alert"]')].map((el) => el.textContent ?? ''),
          null,
        );
        assert.ok(
          alertTexts.every((text) => !/signed by their identity key/.test(text)),
          `no alert vouches for a device with the swapped key: ${JSON.stringify(alertTexts)}`,
        );
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
