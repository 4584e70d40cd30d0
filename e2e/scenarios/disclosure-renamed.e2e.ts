// The disclosure element stops being the disclosure without its text changing:
// the page renames it away, a duplicate appears and is renamed away again, its
// type changes. Each is read at once, and the open popup follows: a conversation
// the page no longer discloses is not left on show as current.
import { curve25519Pair, disclosureOf, ed25519Pair } from '../../src/adapters/page-protocol/testing/test-fixture';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, waitForPeople } from '../support/extension';
import type { E2ETest } from '../test-api';

const person = (id: string) => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  identity: ed25519Pair(`renamed-${id}`),
  devices: [{ id: 'd1', key: curve25519Pair(`renamed-${id}-d1`, 32) }],
});

export const tests: E2ETest[] = [
  {
    name: 'disclosure renamed away, duplicated, retyped: read at once, and the popup shows no conversation the page no longer discloses',
    async run({ pool, server }) {
      const browser = await pool.launch('renamed');
      const url = server.publish('/renamed.html', disclosurePage('Renamed', disclosureOf('alice', [person('alice'), person('bob')])));
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 2);
      const change = (what: string) => page.evaluate((step) => (window as any).changeDisclosureElement(step), what);
      await page.evaluate(() => {
        const original = document.getElementById('keywatch-disclosure') as HTMLScriptElement;
        (window as any).changeDisclosureElement = (step: string) => {
          if (step === 'rename away') original.id = 'keywatch-disclosure-old';
          if (step === 'rename back') original.id = 'keywatch-disclosure';
          if (step === 'duplicate') {
            const copy = original.cloneNode(true) as HTMLScriptElement;
            copy.dataset.copy = 'yes';
            document.body.append(copy);
          }
          if (step === 'rename duplicate away') document.querySelector('script[data-copy]')!.id = 'other';
          if (step === 'retype') original.type = 'text/plain';
        };
      }, null);

      await change('rename away');
      await waitForPeople(popup, 0);
      await change('rename back');
      await waitForPeople(popup, 2);
      await change('duplicate');
      await waitForPeople(popup, 0);
      await change('rename duplicate away');
      await waitForPeople(popup, 2);
      await change('retype');
      await waitForPeople(popup, 0);
    },
  },
  {
    name: 'root element replaced: the watcher still reads the page, and the popup follows the new disclosure',
    async run({ pool, server }) {
      const browser = await pool.launch('root-replaced');
      const url = server.publish(
        '/root-replaced.html',
        disclosurePage('Root replaced', disclosureOf('alice', [person('alice'), person('bob')])),
      );
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 2);
      // The page swaps its whole root element for a new one disclosing three people.
      const three = JSON.stringify(disclosureOf('alice', [person('alice'), person('bob'), person('carol')]));
      await page.evaluate((text) => {
        const root = document.createElement('html');
        const body = document.createElement('body');
        const script = document.createElement('script');
        script.type = 'application/keywatch+json';
        script.id = 'keywatch-disclosure';
        script.textContent = text;
        body.append(script);
        root.append(document.createElement('head'), body);
        document.documentElement.replaceWith(root);
      }, three);
      await waitForPeople(popup, 3);
    },
  },
];
