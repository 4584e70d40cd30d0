// Scenario 4: the server silently adds Mallory to a group; the members' screens
// do not show her, but their clients encrypt to her devices.
import assert from 'node:assert/strict';
import { openPopupFor, waitForAlert, waitForPeople } from '../support/extension';
import { applyAttack, createPuppet, createUser, openConversation, signedInPage, startCourier } from '../support/courier';
import type { E2ETest } from '../test-api';

export const tests: E2ETest[] = [
  {
    name: 'participant silently added to a group: hidden-participant alert',
    async run({ pool }) {
      const courier = await startCourier({ port: 0 });
      const bob = await createUser(courier.url, 'bob', 'Bob');
      const carol = await createUser(courier.url, 'carol', 'Carol');
      try {
        const browser = await pool.launch('alice');
        const page = await signedInPage(browser, courier, 'alice', 'Alice');
        const group = await bob.createGroup('Plans', ['alice', 'carol']);
        await openConversation(page, group);
        const popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 3);

        await createPuppet(courier.url, 'mallory', 'Mallory');
        await applyAttack(courier.url, { kind: 'add-hidden-participant', conversation: group, user: 'mallory' });

        await waitForAlert(popup, 'critical', /Mallory|mallory/);
        await waitForPeople(popup, 4);
        const shown = await popup.evaluate(
          () => document.querySelector('[data-testid="participant"][data-id="mallory"]')?.textContent ?? '',
          null,
        );
        assert.ok(shown.length > 0, 'the popup lists the hidden participant, marked as not shown by the page');
        assert.deepEqual(browser.extensionRequests(), [], 'the extension made no network request');
      } finally {
        bob.close();
        carol.close();
        await courier.close();
      }
    },
  },
];
