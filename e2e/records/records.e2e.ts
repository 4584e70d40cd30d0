// The user's record, portable: exported from one profile and imported into a
// fresh one through the options page, it restores every record and setting
// (alerts marked as come from a file: see import-review.e2e.ts). A
// damaged file and a file from a newer KeyWatch are refused with a reason, and
// change nothing.
import assert from 'node:assert/strict';
import { ed25519Pair } from '../../src/adapters/page-protocol/testing/test-fixture';
import { toBase64 } from '../../src/core/encoding';
import { CURRENT_SCHEMA_VERSION } from '../../src/core/trust/store/storage-keys';
import type { TestPage } from '../harness';
import { pollUntil } from '../harness';
import { readLocalStore, sendFromExtension } from '../support/extension';
import { chooseFile } from '../support/files';
import type { E2ETest } from '../test-api';
import { contactRecord, openConversationAs } from '../verify/pages';
import { verify } from './group';

/**
 * The records the trust store and the settings own (other parts of the extension may keep their own keys);
 * the badge summary without the time of the last full check, which is each profile's own.
 */
const owned = (store: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(store)
      // Not the usage records: derived, they count each alert as stored (an imported one is marked).
      .filter(([k]) => /^(schema$|settings$|v\d+\/|quarantine\/)/.test(k) && !k.startsWith('v3/usage'))
      .map(([k, v]) => [k, k === 'v5/summary' ? { ...(v as object), checkedAt: null } : v]),
  );

async function chooseRecordsFile(options: TestPage, text: string): Promise<void> {
  await chooseFile(options, '[data-testid="import-input"]', { name: 'keywatch-records.json', type: 'application/json', content: text });
}

const importOutcome = (options: TestPage) =>
  options.waitFor(
    'the import check',
    () =>
      document.querySelector('[data-testid="import-refused"]')?.textContent ??
      (document.querySelector('[data-testid="import-review"]') ? 'review' : ''),
    null,
    20_000,
  );

export const tests: E2ETest[] = [
  {
    name: 'records: export then import into a fresh profile restores everything; a corrupt file changes nothing',
    async run({ pool, server }) {
      const source = await pool.launch('source');
      await openConversationAs(source, server, 'alice', true);
      await pollUntil('Bob in the store', () => contactRecord(source, 'bob'));
      await verify(source, 'bob');
      assert.equal((await sendFromExtension(source, 'settings/site', { origin: 'https://off.example', enabled: false })).ok, true);

      // The export button saves the file; its text is what the same message returns.
      const sourceOptions = await source.openExtensionPage('options.html');
      await sourceOptions.waitFor('the records section', () => !!document.querySelector('[data-testid="export"]'), null);
      await sourceOptions.click('[data-testid="export"]');
      assert.match(
        await sourceOptions.waitFor(
          'the export result',
          () => document.querySelector('[data-testid="export-result"]')?.textContent ?? '',
          null,
        ),
        /keywatch-records-\d{4}-\d\d-\d\d\.json/,
      );
      const exported = await sendFromExtension(source, 'records/export', {});
      assert.equal(exported.ok, true);
      const before = owned(await readLocalStore(source));
      assert.ok(
        Object.keys(before).some((k) => k.includes('/contact/')),
        'the source has contacts',
      );

      const fresh = await pool.launch('fresh');
      const options = await fresh.openExtensionPage('options.html');
      await options.waitFor('the import control', () => !!document.querySelector('[data-testid="import-input"]'), null);
      const empty = owned(await readLocalStore(fresh));

      // A damaged file, a file from a newer KeyWatch, and something else entirely: refused, nothing changes.
      const file = JSON.parse(exported.text);
      const damaged = structuredClone(file);
      const someContact = Object.keys(damaged.records).find((k) => k.includes('/contact/'))!;
      damaged.records[someContact].keys = 'not a list';
      for (const [text, reason] of [
        [exported.text.slice(0, exported.text.length / 2), /not JSON/],
        [JSON.stringify(damaged), /damaged: record .*contact/],
        [JSON.stringify({ ...file, version: 2 }), /newer KeyWatch/],
        ['{"hello": "world"}', /not a KeyWatch records file/],
      ] as const) {
        await chooseRecordsFile(options, text);
        assert.match(await importOutcome(options), reason);
        assert.match(await importOutcome(options), /Nothing was changed\./);
      }
      assert.deepEqual(owned(await readLocalStore(fresh)), empty, 'the refused files changed nothing');

      // The real file: reviewed (the verification it adds listed, to confirm), then imported.
      await chooseRecordsFile(options, exported.text);
      assert.equal(await importOutcome(options), 'review');
      assert.deepEqual(
        await options.evaluate(
          () =>
            [...document.querySelectorAll('[data-testid="import-verification"]')].map((li) => [
              li.getAttribute('data-contact'),
              li.getAttribute('data-now'),
            ]),
          null,
        ),
        [['bob', 'true']],
      );
      await options.click('[data-testid="import-confirm"]');
      await options.click('[data-testid="import-apply"]');
      await options.waitFor('the import to finish', () => !!document.querySelector('[data-testid="import-done"]'), null, 20_000);
      // Every record as exported; each alert marked as come from a file (raised again when its condition is found here).
      const imported = owned(await readLocalStore(fresh));
      assert.deepEqual(
        imported,
        Object.fromEntries(
          Object.entries(before).map(([k, v]) => [k, k.startsWith('v1/alert/') ? { ...(v as object), fromFile: true } : v]),
        ),
        'the fresh profile holds what was exported',
      );
      // And the import is counted at once in the usage records the limits are checked against.
      const raw = await readLocalStore(fresh);
      const contactsOf = (origin: string) => Object.values(raw).filter((r: any) => r?.contactId && r?.keys && r.origin === origin).length;
      const usage = Object.entries(raw).filter(([k]) => k.startsWith('v3/usage/'));
      assert.ok(usage.length > 0, 'usage records after the import');
      for (const [key, u] of usage as Array<[string, { origin: string; contacts: number }]>)
        assert.equal(u.contacts, contactsOf(u.origin), `${key} counts every contact imported`);
      await options.waitFor(
        'Bob verified on the options page',
        () => document.querySelector('[data-testid="contact"][data-id="bob"]')?.getAttribute('data-trust') === 'verified',
        null,
      );
      await options.waitFor(
        'the site switched off on the options page',
        () => document.querySelector('[data-testid="site"][data-origin="https://off.example"]')?.getAttribute('data-enabled') === 'false',
        null,
      );
    },
  },
  {
    name: 'records: a site turned off is not read until it is turned on again',
    async run({ pool, server }) {
      const browser = await pool.launch('sites');
      const a = await openConversationAs(browser, server, 'alice');
      await pollUntil('Bob in the store', () => contactRecord(browser, 'bob'));
      const origin = new URL(a.url).origin;
      const options = await browser.openExtensionPage('options.html');
      const toggle = `[data-testid="site"][data-origin="${origin}"] [data-testid="site-toggle"]`;
      await options.waitFor('the site listed', (sel) => !!document.querySelector(sel), toggle);
      await options.click(toggle);
      await options.waitFor(
        'the site off',
        (o) => document.querySelector(`[data-testid="site"][data-origin="${o}"]`)?.getAttribute('data-enabled') === 'false',
        origin,
      );

      // A new person appears on the page: with the site off, KeyWatch does not read it.
      const carol = {
        id: 'carol',
        name: 'Carol',
        identityKey: { algorithm: 'ed25519', key: toBase64(ed25519Pair('records/carol').publicKey) },
        shown: true,
        devices: [],
      };
      const addCarol = (title: string) =>
        a.page.evaluate(
          ({ person, title }) => {
            const el = document.getElementById('keywatch-disclosure')!;
            const d = JSON.parse(el.textContent!);
            d.participants = [...d.participants.filter((p: { id: string }) => p.id !== person.id), person];
            d.conversation.title = title;
            (window as any).setDisclosure(JSON.stringify(d));
          },
          { person: carol, title },
        );
      await addCarol('with Carol');
      const popup = await browser.openExtensionPage(`popup.html?tab=${a.tabId}`);
      await popup.waitFor(
        'the popup to say KeyWatch is off',
        () => /off for this site/.test(document.body.textContent ?? ''),
        null,
        20_000,
      );
      assert.equal(await contactRecord(browser, 'carol'), null, 'nothing was remembered from a site that is off');

      await options.click(toggle);
      await options.waitFor(
        'the site on',
        (o) => document.querySelector(`[data-testid="site"][data-origin="${o}"]`)?.getAttribute('data-enabled') === 'true',
        origin,
      );
      await addCarol('with Carol, checked');
      await pollUntil('Carol read once the site is on', () => contactRecord(browser, 'carol'), 20_000);
    },
  },
];

tests.push({
  name: 'records: clearing all data needs the typed word, then leaves a fresh store',
  async run({ pool, server }) {
    const browser = await pool.launch('clear');
    await openConversationAs(browser, server, 'alice');
    await pollUntil('Bob in the store', () => contactRecord(browser, 'bob'));
    const options = await browser.openExtensionPage('options.html');
    await options.waitFor('the clear button', () => !!document.querySelector('[data-testid="clear-start"]'), null);
    await options.click('[data-testid="clear-start"]');
    await options.fill('[data-testid="clear-word"]', 'yes');
    assert.equal(
      await options.evaluate(() => (document.querySelector('[data-testid="clear-confirm"]') as HTMLButtonElement).disabled, null),
      true,
    );
    assert.notEqual(await contactRecord(browser, 'bob'), null);
    await options.fill('[data-testid="clear-word"]', 'delete');
    await options.click('[data-testid="clear-confirm"]');
    const left = await pollUntil('the store cleared', async () => {
      const store = owned(await readLocalStore(browser));
      return Object.keys(store).length === 2 ? store : null;
    });
    assert.deepEqual(
      left,
      {
        schema: { version: CURRENT_SCHEMA_VERSION },
        'v5/summary': { open: { critical: 0, warning: 0, info: 0 }, checkedAt: null, rebuild: false },
      },
      'a new, empty store: the schema record and a badge summary counting nothing',
    );
    // The usage total counts those two records, as the records file would write them: "key":value, a line each.
    const raw = await readLocalStore(browser);
    const line = (key: string) => JSON.stringify(key).length + JSON.stringify(raw[key]).length + 3;
    assert.deepEqual(raw['v3/usage-total'], { chars: line('schema') + line('v5/summary') }, 'and the usage total counting them');
    await options.waitFor(
      'the page reloaded, empty',
      () => !document.querySelector('[data-testid="contact"]') && !!document.querySelector('[data-testid="clear-start"]'),
      null,
    );
  },
});
