// The popup follows the tab: a tab that moved to a site KeyWatch does not read,
// or reloaded, is never shown with the conversation, the people and the
// standing its previous document showed. A change of the fragment in the same
// document keeps them, and so does a page too busy to say which document it shows.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { curve25519Pair, disclosureOf, ed25519Pair } from '../../src/adapters/page-protocol/testing/test-fixture';
import { sleep, type TestPage } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, sendFromExtension, tabIdFor, waitForPeople } from '../support/extension';
import type { E2ETest } from '../test-api';
import { ALICE, BOB, firstSight } from '../matrix/first-sight';

const person = (id: string) => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  identity: ed25519Pair(`follows-${id}`),
  devices: [{ id: 'd1', key: curve25519Pair(`follows-${id}-d1`, 32) }],
});

/** A site KeyWatch's dev build does not read: 127.0.0.2 is this machine too, but only 127.0.0.1 and localhost are read. */
async function unreadSite(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Elsewhere</title><p>Another site.</p>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.2', ok));
  return {
    url: `http://127.0.0.2:${(server.address() as AddressInfo).port}/elsewhere.html`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** What the popup shows for the tab: the conversation's title and standing, and how many people. */
async function shown(popup: TestPage): Promise<{ title: string | null; standing: string | null; people: number }> {
  return popup.evaluate(
    () => ({
      title: document.querySelector('[data-testid="conversation-title"]')?.textContent ?? null,
      standing: document.querySelector('[data-testid="standing"]')?.textContent ?? null,
      people: document.querySelectorAll('[data-testid="participant"]').length,
    }),
    null,
  );
}

export const tests: E2ETest[] = [
  {
    name: 'popup follows the tab: after moving to a site KeyWatch does not read, neither an open nor a new popup shows the old conversation',
    async run({ pool, server }) {
      const elsewhere = await unreadSite();
      try {
        const browser = await pool.launch('follows');
        const url = server.publish(
          '/follows.html',
          disclosurePage('Follows', disclosureOf('alice', ['alice', 'bob', 'carol'].map(person))),
        );
        const page = await browser.newPage(url);
        const tabId = await tabIdFor(browser, url);
        const popup = await openPopupFor(browser, url);
        await waitForPeople(popup, 3);
        assert.ok((await shown(popup)).title, 'the conversation is shown');

        // A change of fragment is the same document: the conversation stays.
        await page.evaluate(() => {
          location.hash = '#elsewhere-in-the-page';
        }, null);
        await sleep(1500);
        const fresh = await browser.openExtensionPage(`popup.html?tab=${tabId}`);
        await waitForPeople(fresh, 3);
        await fresh.close();

        await page.goto(elsewhere.url);
        await popup.waitFor(
          'the open popup to drop the old conversation',
          () =>
            document.querySelectorAll('[data-testid="participant"]').length === 0 && !document.querySelector('[data-testid="standing"]'),
          null,
          20_000,
        );
        const again = await browser.openExtensionPage(`popup.html?tab=${tabId}`);
        await again.waitFor('the popup to load', () => !document.body.textContent?.includes('Reading…'), null, 20_000);
        await sleep(500);
        assert.deepEqual(
          await shown(again),
          { title: null, standing: null, people: 0 },
          'a new popup shows nothing of the old conversation',
        );
        assert.match(
          await again.evaluate(() => document.body.textContent ?? '', null),
          /has no access to this site, so it does not read this page/,
          'it says that KeyWatch does not read this site',
        );
      } finally {
        await elsewhere.close();
      }
    },
  },
  {
    name: 'popup follows the tab: a Matrix client reloaded is not shown with the room it showed before it reads anything',
    async run(context) {
      const { browser, page, popup } = await firstSight(context, 'reloaded', '!reloaded:keywatch.test', [ALICE, BOB]);
      const tabId = await tabIdFor(browser, page.url());
      // A new document at the same address: until the client asks its server again, KeyWatch has read nothing of it.
      await page.evaluate(() => void setTimeout(() => location.reload(), 10), null);
      await popup.waitFor(
        'the open popup to drop the room of the previous document',
        () => document.querySelectorAll('[data-testid="participant"]').length === 0,
        null,
        20_000,
      );
      const again = await browser.openExtensionPage(`popup.html?tab=${tabId}`);
      await again.waitFor('the popup to load', () => !document.body.textContent?.includes('Reading…'), null, 20_000);
      await sleep(500);
      assert.equal((await shown(again)).people, 0);
      assert.equal((await shown(again)).standing, null);
    },
  },
  {
    name: 'popup follows the tab: a page that changes its address and keeps its thread busy is not forgotten, and is shown unconfirmed meanwhile',
    async run({ pool, server }) {
      const browser = await pool.launch('follows-busy');
      const url = server.publish(
        '/follows-busy.html',
        disclosurePage('Busy', disclosureOf('alice', ['alice', 'bob', 'carol'].map(person))),
      );
      const page = await browser.newPage(url);
      const tabId = await tabIdFor(browser, url);
      const first = await openPopupFor(browser, url);
      await waitForPeople(first, 3);
      await first.close();
      // A tab update (the address changed) asks the tab which document it shows; the page keeps the content script
      // from answering longer than KeyWatch waits.
      await page.evaluate(() => {
        history.pushState({}, '', `${location.pathname}?room=same`);
        setTimeout(() => {
          const end = Date.now() + 6000;
          while (Date.now() < end);
        }, 0);
      }, null);
      // What the popup is given meanwhile (asked as it asks; a popup opened now may wait for the page in Firefox).
      const during = await sendFromExtension(browser, 'view/tab', { tabId });
      assert.equal(during.view?.participants.length, 3, 'the conversation the tab showed is kept');
      assert.equal(during.view.standing, 'not-checked', 'no standing but "not checked" over a roster the tab did not confirm');
      assert.deepEqual(
        during.view.notChecked.filter((r: { kind: string }) => r.kind === 'unconfirmed'),
        [{ kind: 'unconfirmed' }],
        'with the reason',
      );
      // Once the page answers again, the conversation it still shows is shown as before.
      await page.waitFor('the page to be free again', () => true, null, 20_000);
      const after = await browser.openExtensionPage(`popup.html?tab=${tabId}`);
      await waitForPeople(after, 3);
      await after.waitFor('the coverage line', () => document.querySelector('[data-testid="coverage"]') !== null, null, 20_000);
      assert.equal(
        await after.evaluate(() => document.querySelector('[data-testid="coverage-gap"][data-kind="unconfirmed"]') !== null, null),
        false,
        'confirmed again once the page answers',
      );
    },
  },
];
