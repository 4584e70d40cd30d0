// What an import may not do behind the user's back, seen where the user sees it:
// - a roster taken from the file is not what the open page showed, so the tab
//   does not read it as fresh (no "everyone verified" over people the page may not show):
//   the page is asked to report again, and the tab is fresh once what it shows is read;
// - a conflict the user decides in the review can be applied, with the
//   verification the file carries for that contact listed and confirmed first;
// - a confirmation counts only for the list it was given over, not for one that
//   arrives after it (the review is made again after each decision).
import assert from 'node:assert/strict';
import { pollUntil } from '../harness';
import { openPopupFor, readLocalStore, sendFromExtension } from '../support/extension';
import { applyImport, openImportReview } from '../support/files';
import type { E2ETest } from '../test-api';
import { backupWithout, openGroup, person, standingOf, verify } from './group';

const spec = (id: string, seed: string) => person('import-effects', id, seed);

export const tests: E2ETest[] = [
  {
    name: 'import: a roster taken from the file is not shown as fresh; the open page is read again at once',
    async run({ pool, server }) {
      const browser = await pool.launch('import-roster');
      const url = await openGroup(browser, server, '/import-roster.html', [
        spec('alice', 'alice'),
        spec('bob', 'bob'),
        spec('carol', 'carol'),
      ]);
      await verify(browser, 'bob');
      const before = await openPopupFor(browser, url);
      await pollUntil('the standing', async () => (await standingOf(before)) === 'unverified');
      await before.close();
      // A "backup" whose copy of this conversation was seen later, without Carol (unverified).
      const text = await backupWithout(browser, 'carol');
      const preview = await sendFromExtension(browser, 'records/import-preview', { text });
      assert.equal(preview.ok, true, JSON.stringify(preview));
      const applied = await sendFromExtension(browser, 'records/import-apply', {
        text,
        decisions: {},
        confirmed: preview.preview.confirmation,
      });
      assert.equal(applied.ok, true, JSON.stringify(applied));
      // The page, unchanged, is read again: Carol, whom it still shows, is back in the stored roster.
      await pollUntil('the page read again', async () =>
        Object.entries(await readLocalStore(browser)).some(
          ([key, value]) =>
            key.startsWith('v2/roster/') && (value as { members: Array<{ id: string }> }).members.some((m) => m.id === 'carol'),
        ),
      );
      const after = await openPopupFor(browser, url);
      // Read, in this document, showing Carol unverified (the file's roster said everyone was verified: bad news, latched).
      await pollUntil('the tab read again', () =>
        after.evaluate(
          () =>
            document.querySelector('[data-testid="coverage-read"]') !== null && document.querySelector('[data-kind="not-read"]') === null,
          null,
        ),
      );
      assert.ok(['unverified', 'degraded'].includes(await standingOf(after)), await standingOf(after));
    },
  },
  {
    name: 'import: a conflict decided in the review applies, with the verification the file brings listed and confirmed',
    async run({ pool, server }) {
      const elsewhere = await pool.launch('import-conflict-elsewhere');
      await openGroup(elsewhere, server, '/import-conflict-elsewhere.html', [spec('alice', 'alice'), spec('bob', 'bob-new')]);
      await verify(elsewhere, 'bob');
      const text = (await sendFromExtension(elsewhere, 'records/export', {})).text as string;

      const browser = await pool.launch('import-conflict-here');
      await openGroup(browser, server, '/import-conflict-here.html', [spec('alice', 'alice'), spec('bob', 'bob-old')]);
      const options = await openImportReview(browser, text);
      await options.click('[data-testid="conflict-theirs"]');
      // Taking the file's key brings its verification: listed, and confirmed, before anything changes.
      await options.waitFor(
        'the verification listed',
        () => document.querySelector('[data-testid="import-verification"]')?.getAttribute('data-now') === 'true',
        null,
        20_000,
      );
      await options.click('[data-testid="import-confirm"]');
      await applyImport(options);
    },
  },
  {
    name: 'import: a confirmation given while the review is made again does not confirm the list that then arrives',
    // The late reply is made by holding chrome.runtime.sendMessage, which Firefox's pages do not send through.
    browsers: ['chromium'],
    async run({ pool, server }) {
      const elsewhere = await pool.launch('import-race-elsewhere');
      await openGroup(elsewhere, server, '/import-race-elsewhere.html', [
        spec('alice', 'alice'),
        spec('bob', 'bob-new'),
        spec('carol', 'carol-new'),
      ]);
      await verify(elsewhere, 'bob');
      await verify(elsewhere, 'carol');
      const text = (await sendFromExtension(elsewhere, 'records/export', {})).text as string;

      const browser = await pool.launch('import-race-here');
      await openGroup(browser, server, '/import-race-here.html', [
        spec('alice', 'alice'),
        spec('bob', 'bob-old'),
        spec('carol', 'carol-old'),
      ]);
      const options = await openImportReview(browser, text);
      await options.click('[data-testid="conflict"][data-id="bob"] [data-testid="conflict-theirs"]');
      await options.waitFor(
        'Bob listed',
        () => document.querySelectorAll('[data-testid="import-verification"]').length === 1,
        null,
        20_000,
      );
      // The background is slow to answer the next review (a busy worker, a large file).
      await options.evaluate(() => {
        const runtime = (globalThis as any).chrome.runtime;
        const send = runtime.sendMessage.bind(runtime);
        runtime.sendMessage = (message: { type?: string }) =>
          message?.type === 'records/import-preview'
            ? new Promise((resolve) => setTimeout(() => resolve(send(message)), 1500))
            : send(message);
      }, null);
      await options.click('[data-testid="conflict"][data-id="carol"] [data-testid="conflict-theirs"]');
      await options.waitFor(
        'the review being made again',
        () => (document.querySelector('[data-testid="import-apply"]') as HTMLButtonElement).disabled,
        null,
      );
      // The user ticks the box over the list on screen, which holds Bob's verification only.
      await options.click('[data-testid="import-confirm"]');
      await options.waitFor(
        'Carol listed',
        () => document.querySelectorAll('[data-testid="import-verification"]').length === 2,
        null,
        20_000,
      );
      const after = await options.evaluate(
        () => ({
          confirmed: (document.querySelector('[data-testid="import-confirm"]') as HTMLInputElement).checked,
          applyEnabled: !(document.querySelector('[data-testid="import-apply"]') as HTMLButtonElement).disabled,
        }),
        null,
      );
      assert.deepEqual(after, { confirmed: false, applyEnabled: false }, "Carol's verification was not on screen when the box was ticked");
    },
  },
];
