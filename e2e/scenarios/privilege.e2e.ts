// Only KeyWatch's own pages can change trust. A hostile page tries everything a
// page can do — messages to the extension, window messages, synthetic DOM
// events on the banner, a disclosure that claims to be verified — and the
// contact stays exactly as it was. From an extension page the same action works.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, readLocalStore, sendFromExtension, tabIdFor, waitForPeople } from '../support/extension';
import type { E2ETest } from '../test-api';

const person = (id: string, signed = true) => ({
  id,
  name: id,
  identity: ed25519Pair(`priv-${id}`),
  devices: [{ id: 'd1', key: curve25519Pair(`priv-${id}-d1`, 32), ...(signed ? {} : { signer: null }) }],
});

function bobRecord(store: Record<string, unknown>): any {
  return Object.entries(store).find(([k]) => k.startsWith('v1/contact/') && k.endsWith('|bob'))?.[1];
}

/** Named elements that shadow the document's own methods and properties (the document's named properties override them). */
const CLOBBERING = ['querySelectorAll', 'querySelector', 'createElement', 'elementFromPoint', 'defaultView', 'documentElement', 'body']
  .map((name) => `<img name="${name}" alt=""><form name="${name}"></form>`)
  .join('');

export const tests: E2ETest[] = [
  {
    name: 'a hostile page cannot mark verified or acknowledge; an extension page can',
    async run({ pool, server, browser: browserName }) {
      const disclosure = disclosureOf('alice', [person('alice'), person('bob'), person('carol', false)]);
      // Extra fields a page might add to look trusted; the schema drops them.
      (disclosure.participants[1] as any).verified = true;
      (disclosure.participants[1] as any).trust = 'verified';
      const url = server.publish('/hostile.html', disclosurePage('Hostile', disclosure));
      const browser = await pool.launch('privilege');
      const page = await browser.newPage(url);
      await tabIdFor(browser, url);
      const before = await pollUntil('Bob in the store', async () => bobRecord(await readLocalStore(browser)));
      assert.equal(before.trust, 'first-seen');
      const { id: alertId, lastRaised } = await pollUntil('the ghost alert', async () => {
        const store = await readLocalStore(browser);
        return Object.values(store).find((r: any) => r?.rule === 'ghost-device' && r.state === 'open') as {
          id: string;
          lastRaised: number;
        };
      });

      const attempts = await page.evaluate(
        async ({ extensionOrigin, alertId, lastRaised }) => {
          const tried: string[] = [];
          const verify = {
            type: 'trust/mark-verified',
            request: { origin: location.origin, account: 'alice', contactId: 'bob', key: null, method: 'scanned' },
          };
          const acknowledge = { type: 'trust/acknowledge', request: { alertId, lastRaised } };
          const runtime = (globalThis as any).chrome?.runtime ?? (globalThis as any).browser?.runtime;
          for (const message of [verify, acknowledge]) {
            try {
              if (runtime?.sendMessage) await runtime.sendMessage(extensionOrigin.split('/')[2], message);
              tried.push('runtime.sendMessage: no error');
            } catch (error) {
              tried.push(`runtime.sendMessage: ${String(error).slice(0, 80)}`);
            }
            window.postMessage(message, '*');
            window.postMessage(JSON.stringify(message), '*');
            document.dispatchEvent(new CustomEvent('keywatch', { detail: message }));
          }
          // The banner's button is in a closed shadow root; the host is all the page can reach.
          const host = document.querySelector('[data-keywatch="banner"]');
          host?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
          tried.push(`banner shadow root visible to page: ${host?.shadowRoot !== null && host?.shadowRoot !== undefined}`);
          return tried;
        },
        { extensionOrigin: browser.extensionOrigin, alertId, lastRaised },
      );
      assert.ok(attempts.includes('banner shadow root visible to page: false'), attempts.join('; '));

      await new Promise((r) => setTimeout(r, 1000));
      const after = await readLocalStore(browser);
      assert.equal(bobRecord(after).trust, 'first-seen', 'the page could not mark Bob verified');
      assert.deepEqual(bobRecord(after).verifications, []);
      assert.equal((after[`v1/alert/${alertId}`] as any).state, 'open', 'the page could not acknowledge the alert');
      assert.equal(await browser.badgeText(), '1');

      // The same acknowledgement from an extension page is accepted.
      const reply = await sendFromExtension(browser, 'trust/acknowledge', { alertId, lastRaised });
      assert.equal(reply.ok, true, `extension page acknowledged (${browserName}): ${JSON.stringify(reply)}`);
      await pollUntil('the badge cleared', async () => (await browser.badgeText()) === '');
    },
  },
  {
    name: "elements named like the content scripts' shared slot or the document's own methods do not stop KeyWatch from reading the page or showing its banner",
    async run({ pool, server }) {
      const browser = await pool.launch('slot-named');
      // An element id shows through the window as a named property: it must not stand in for the document's id.
      const html = disclosurePage('Slot', disclosureOf('alice', [person('alice'), person('bob')])).replace(
        '<h1>Slot</h1>',
        '<h1>Slot</h1><div id="keywatchDocumentId"></div>' + CLOBBERING,
      );
      const url = server.publish('/slot-named.html', html);
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 2);
      await popup.waitFor(
        'the roster read in this document',
        () => document.querySelector('[data-testid="standing"]')?.getAttribute('data-standing') === 'unverified',
        null,
      );
      // And the banner still shows: Bob's device is replaced by one no one signed.
      await page.evaluate(
        (text) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(text),
        JSON.stringify(
          disclosureOf('alice', [
            person('alice'),
            { ...person('bob', false), devices: [{ id: 'd2', key: curve25519Pair('priv-bob-d2', 32), signer: null }] },
          ]),
        ),
      );
      // Asked through Document.prototype: this page's own document methods are shadowed too.
      await pollUntil('the banner', () =>
        page.evaluate(() => Document.prototype.querySelector.call(document, '[data-keywatch="banner"]') !== null, null),
      );
    },
  },
];
