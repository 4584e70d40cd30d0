// Scenario 1: two people, two browser profiles, each with KeyWatch. Both
// popups list the conversation's people and devices, and show the same 60 digits
// — the same digits Signal's algorithm gives for the keys Courier serves.
import assert from 'node:assert/strict';
import { fromBase64, utf8 } from '../../src/core/encoding';
import { computeSafetyNumber } from '../../src/core/safety-number';
import { openPopupFor, safetyNumberShown, selectPerson, waitForPeople } from '../support/extension';
import { inPage, openConversation, signedInPage, startCourier, startDirectInPage } from '../support/courier';
import type { E2ETest } from '../test-api';

export const tests: E2ETest[] = [
  {
    name: 'first sight: both profiles list the people and show the same safety number',
    async run({ pool }) {
      const courier = await startCourier({ port: 0 });
      try {
        const aliceBrowser = await pool.launch('alice');
        const bobBrowser = await pool.launch('bob');
        const alicePage = await signedInPage(aliceBrowser, courier, 'alice', 'Alice');
        const bobPage = await signedInPage(bobBrowser, courier, 'bob', 'Bob');
        const chat = await startDirectInPage(alicePage, 'bob');
        await openConversation(bobPage, chat);

        const alicePopup = await openPopupFor(aliceBrowser, alicePage.url());
        await waitForPeople(alicePopup, 2);
        await selectPerson(alicePopup, 'bob');
        const devices = await alicePopup.evaluate(
          () => [...document.querySelectorAll('[data-testid="device"]')].map((d) => d.getAttribute('data-vouch')),
          null,
        );
        assert.deepEqual(devices, ['signed'], 'Bob has one device, vouched for by his identity key');
        const aliceSees = await safetyNumberShown(alicePopup);

        const bobPopup = await openPopupFor(bobBrowser, bobPage.url());
        await waitForPeople(bobPopup, 2);
        await selectPerson(bobPopup, 'alice');
        const bobSees = await safetyNumberShown(bobPopup);

        assert.match(aliceSees, /^\d{60}$/);
        assert.equal(aliceSees, bobSees, 'both profiles show the same 60 digits');

        // And they are the digits of Signal's algorithm over the keys the page discloses.
        const disclosure = JSON.parse((await alicePage.evaluate(inPage.readDisclosure, null))!);
        const party = (id: string) => {
          const p = disclosure.participants.find((x: { id: string }) => x.id === id);
          return { stableId: utf8(id), identityKey: fromBase64(p.identityKey.key) };
        };
        assert.equal(computeSafetyNumber(party('alice'), party('bob')).digits, aliceSees);
        assert.deepEqual(aliceBrowser.extensionRequests(), [], 'the extension made no network request');
      } finally {
        await courier.close();
      }
    },
  },
];
