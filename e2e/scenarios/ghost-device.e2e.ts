// Scenario 2: the server adds a ghost device to Bob's account. KeyWatch raises
// a critical alert on the badge, in the page (banner) and in the popup.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil, type BrowserPool, type TestServer } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import {
  acknowledgeCriticalAlerts,
  bannerState,
  openPopupFor,
  selectPerson,
  tabIdFor,
  waitForAlert,
  waitForPeople,
} from '../support/extension';
import { applyAttack, createUser, openConversation, signedInPage, startCourier } from '../support/courier';
import type { E2ETest } from '../test-api';

/** Alice, Bob and Carol on a disclosure page; with `ghost`, Bob has a device no one signed. */
function roster(seed: string, ghost: boolean) {
  const person = (id: string, withGhost = false) => ({
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    identity: ed25519Pair(`${seed}-${id}`),
    devices: [
      { id: 'd1', key: curve25519Pair(`${seed}-${id}-d1`, 32) },
      ...(withGhost ? [{ id: 'ghost', key: curve25519Pair(`${seed}-${id}-ghost`, 32), signer: null }] : []),
    ],
  });
  return disclosureOf('alice', [person('alice'), person('bob', ghost), person('carol')]);
}

/** A disclosure page of Alice, Bob and Carol in its own browser, then Bob's ghost device: resolves once its banner is up. */
async function ghostBannerUp(pool: BrowserPool, server: TestServer, seed: string) {
  const browser = await pool.launch(`ghost-${seed}`);
  const url = server.publish(`/ghost-${seed}.html`, disclosurePage(seed, roster(seed, false)));
  const page = await browser.newPage(url);
  const tabId = await tabIdFor(browser, url);
  const popup = await openPopupFor(browser, url);
  await waitForPeople(popup, 3);
  await page.evaluate(
    (text) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(text),
    JSON.stringify(roster(seed, true)),
  );
  await waitForAlert(popup, 'critical', /ghost/i);
  await pollUntil('the banner', async () => (await bannerState(page)).present);
  await popup.close();
  return { browser, page, tabId };
}

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
  {
    name: 'ghost device: the banner stays when the page then shows no conversation, and goes when its alert is acknowledged',
    async run({ pool, server }) {
      const { browser, page, tabId } = await ghostBannerUp(pool, server, 'nothing');

      // The page stops showing a conversation: a page cannot take the warning down by hiding what it showed.
      await page.evaluate(() => document.getElementById('keywatch-disclosure')!.remove(), null);
      await pollUntil('the tab recorded as showing no conversation', async () => {
        const key = `tab/${tabId}`;
        const state = await browser.inExtension(async (k: string) => {
          const api = (globalThis as any).browser ?? (globalThis as any).chrome;
          return ((await api.storage.session.get(k)) as Record<string, any>)[k] ?? null;
        }, key);
        return state !== null && state.conversationKey === null;
      });
      assert.equal((await bannerState(page)).present, true, 'the banner stays up');

      // Acknowledged from an extension page (the records page): nothing is left to warn about, and the banner goes.
      assert.ok((await acknowledgeCriticalAlerts(browser)) > 0, 'a critical alert was open');
      await pollUntil('the banner taken down', async () => !(await bannerState(page)).present);
    },
  },
  {
    name: 'ghost device: a banner refresh made while the page keeps its thread busy reaches it once it is free',
    async run({ pool, server }) {
      const { browser, page } = await ghostBannerUp(pool, server, 'busy');
      // The page keeps its thread busy (a heavy client, or on purpose) just as the user deals with the alert.
      await page.evaluate(() => {
        setTimeout(() => {
          const end = Date.now() + 3000;
          while (Date.now() < end);
        }, 0);
      }, null);
      assert.ok((await acknowledgeCriticalAlerts(browser)) > 0, 'a critical alert was open');
      await page.waitFor('the page to be free again', () => true, null, 20_000);
      await pollUntil('the banner taken down once the page is free', async () => !(await bannerState(page)).present);
    },
  },
];
