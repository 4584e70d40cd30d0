// The worker stopped right after an import's write: the import replaces the open conversation's
// roster with the file's (without Carol, the one unverified member the page shows). The tabs'
// "read" marks of that conversation are forgotten before the write, so the popup never says
// "Everyone verified" over a roster no page showed (applying the file again could not repair it:
// nothing would be left to import). The stop is timed by watching the write land, with the session
// area padded so that the background's next steps take long enough for it to land among them;
// a few attempts, since a stop cannot be placed exactly.
import assert from 'node:assert/strict';
import type { ExtensionBrowser } from '../harness';
import { pollUntil } from '../harness';
import { backgroundAnswers, openPopupFor, participantNames, readLocalStore, sendFromExtension } from '../support/extension';
import type { E2ETest } from '../test-api';
import { backupWithout, openGroup, person, standingOf, verify } from './group';

const spec = (id: string, seed: string) => person('import-stop', id, seed);

async function standingNow(browser: ExtensionBrowser, url: string): Promise<{ standing: string; names: string[] }> {
  const popup = await openPopupFor(browser, url);
  await pollUntil('the standing', async () => (await standingOf(popup)) !== '');
  const result = { standing: await standingOf(popup), names: await participantNames(popup) };
  await popup.close();
  return result;
}

export const tests: E2ETest[] = [
  {
    name: "import: a worker stopped right after the write leaves no tab reading the file's roster as fresh",
    // Stopped and watched through chrome.* in the extension page (Firefox's background page is not stopped this way).
    browsers: ['chromium'],
    async run({ pool, server }) {
      const browser = await pool.launch('import-stop');
      const url = await openGroup(browser, server, '/import-stop.html', [
        spec('alice', 'alice'),
        spec('bob', 'bob'),
        spec('carol', 'carol'),
      ]);
      await verify(browser, 'bob');
      assert.equal((await standingNow(browser, url)).standing, 'unverified');

      const page = await browser.newPage(url);
      for (let attempt = 1; attempt <= 3; attempt++) {
        // The page read afresh (a new document): Carol back in the stored roster, the tab's coverage says it was read.
        await page.goto(`${url}?attempt=${attempt}`);
        await pollUntil('the page read again', async () => {
          const session = await browser.inExtension(async () => (globalThis as any).chrome.storage.session.get(null), null);
          const read = Object.entries<any>(session).some(
            ([k, v]) => k.startsWith('coverage/') && String(v?.document).includes(`attempt=${attempt}`) && v.lastRead,
          );
          const store = await readLocalStore(browser);
          const ids = Object.entries<any>(store)
            .filter(([k]) => k.startsWith('v2/roster/'))
            .flatMap(([, v]) => v.members.map((m: any) => m.id));
          return read && ids.includes('carol');
        });
        const text = await backupWithout(browser, 'carol');
        const preview = await sendFromExtension(browser, 'records/import-preview', { text });
        assert.equal(preview.ok, true, JSON.stringify(preview));
        // Only to slow the background's reads of storage.session after the write, so that the stop lands among them.
        await browser.inExtension(async () => {
          const api = (globalThis as any).chrome;
          for (let i = 0; i < 7; i++) await api.storage.session.set({ [`padding/${i}`]: 'x'.repeat(1_000_000) });
        }, null);
        // Apply, and stop the worker as soon as the file's roster is written.
        const written = await browser.inExtension(
          async ({ text, confirmed }) => {
            const api = (globalThis as any).chrome;
            const seen = new Promise<string>((resolve) => {
              api.storage.onChanged.addListener((changes: Record<string, unknown>, area: string) => {
                if (area === 'local' && Object.keys(changes).some((k) => k.startsWith('v2/roster/'))) resolve('written');
              });
              setTimeout(() => resolve('timeout'), 10_000);
            });
            void api.runtime
              .sendMessage({ type: 'records/import-apply', request: { text, decisions: {}, confirmed } })
              .catch(() => undefined);
            return seen;
          },
          { text, confirmed: preview.preview.confirmation },
        );
        // The page, asked to report again by the import, may wake the worker again at once.
        await browser.stopBackground({ wokenAtOnce: true });
        assert.equal(written, 'written');
        await browser.inExtension(async () => {
          await (globalThis as any).chrome.storage.session.remove([0, 1, 2, 3, 4, 5, 6].map((i) => `padding/${i}`));
        }, null);
        await backgroundAnswers(browser);
        const store = await readLocalStore(browser);
        const rosterIds = Object.entries<any>(store)
          .filter(([k]) => k.startsWith('v2/roster/'))
          .flatMap(([, v]) => v.members.map((m: { id: string }) => m.id));
        const after = await standingNow(browser, page.url());
        assert.notEqual(
          after.standing,
          'all-verified',
          `attempt ${attempt}: over ${after.names.join(', ')} (stored roster ${rosterIds.sort().join(', ')}) while the page shows Carol`,
        );
      }
    },
  },
];
