// The records page follows the store while it is open: a new contact from a
// page report, a verification and the store cleared from elsewhere all show
// on the same page, without reloading it (it reads the store once and then
// applies the changes storage reports).
import assert from 'node:assert/strict';
import { ed25519Pair } from '../../src/adapters/page-protocol/testing/test-fixture';
import { toBase64 } from '../../src/core/encoding';
import { pollUntil } from '../harness';
import { sendFromExtension } from '../support/extension';
import type { E2ETest } from '../test-api';
import { contactRecord, openConversationAs } from '../verify/pages';
import { verify } from './group';

const shownContact = (id: string) => `[data-testid="contact"][data-id="${id}"]`;

export const tests: E2ETest[] = [
  {
    name: 'records: the open records page shows a new contact, a verification and the store cleared, without reloading',
    async run({ pool, server }) {
      const browser = await pool.launch('live-records');
      const conversation = await openConversationAs(browser, server, 'alice');
      await pollUntil('Bob in the store', () => contactRecord(browser, 'bob'));

      const options = await browser.openExtensionPage('options.html');
      await options.waitFor('Bob listed', (sel) => !!document.querySelector(sel), shownContact('bob'));
      assert.equal(await options.evaluate((sel) => !!document.querySelector(sel), shownContact('carol')), false);
      // Gone if the page reloads. And every later read of storage.local is counted: the page follows the changes instead.
      await options.evaluate(() => {
        (window as any).keywatchSamePage = true;
        const local = ((globalThis as any).chrome ?? (globalThis as any).browser).storage.local;
        const get = local.get;
        (window as any).keywatchReads = 0;
        local.get = function (...args: unknown[]) {
          (window as any).keywatchReads++;
          return get.apply(this, args);
        };
      }, null);

      // A new person on the conversation: the page report adds her, and the open page lists her.
      const carol = {
        id: 'carol',
        name: 'Carol',
        identityKey: { algorithm: 'ed25519', key: toBase64(ed25519Pair('live-records/carol').publicKey) },
        shown: true,
        devices: [],
      };
      const showOnPage = (title: string, people: unknown[]) =>
        conversation.page.evaluate(
          ({ people, title }) => {
            const el = document.getElementById('keywatch-disclosure')!;
            const d = JSON.parse(el.textContent!);
            const ids = new Set(people.map((p: any) => p.id));
            d.participants = [...d.participants.filter((p: { id: string }) => !ids.has(p.id)), ...people];
            d.conversation.title = title;
            (window as any).setDisclosure(JSON.stringify(d));
          },
          { people, title },
        );
      await showOnPage('with Carol', [carol]);
      await options.waitFor('Carol listed', (sel) => !!document.querySelector(sel), shownContact('carol'), 20_000);

      // A verification made elsewhere: Bob shows as verified.
      assert.notEqual(
        await options.evaluate((sel) => document.querySelector(sel)?.getAttribute('data-trust'), shownContact('bob')),
        'verified',
      );
      await verify(browser, 'bob');
      await options.waitFor(
        'Bob verified',
        (sel) => document.querySelector(sel)?.getAttribute('data-trust') === 'verified',
        shownContact('bob'),
      );

      // The records cleared from another page: this one empties, and no tab keeps what it read of them.
      const tabRecords = () =>
        browser.inExtension(async () => {
          const session = ((globalThis as any).chrome ?? (globalThis as any).browser).storage.session;
          return Object.keys(await session.get(null)).filter((key) => /^(tab|coverage|banner-hidden)\//.test(key));
        }, null);
      assert.ok(
        (await tabRecords()).some((key) => key.startsWith('coverage/')),
        'the tab read the page',
      );
      assert.equal((await sendFromExtension(browser, 'records/clear', { confirm: 'clear-all-data' })).ok, true);
      assert.deepEqual(await tabRecords(), []);
      await options.waitFor(
        'no contact and no alert left',
        () => !document.querySelector('[data-testid="contact"]') && !document.querySelector('[data-testid="logged-alert"]'),
        null,
      );

      // And it keeps following the store after that: the next report lists Carol again, unverified.
      await showOnPage('with Carol, again', [carol]);
      await options.waitFor('Carol listed again', (sel) => !!document.querySelector(sel), shownContact('carol'), 20_000);
      assert.equal(await options.evaluate(() => (window as any).keywatchSamePage === true, null), true, 'the page was never reloaded');
      assert.equal(await options.evaluate(() => (window as any).keywatchReads, null), 0, 'nor read the store again');
    },
  },
];
