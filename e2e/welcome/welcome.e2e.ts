// The welcome page opens by itself when KeyWatch is installed, and only then:
// not when the browser starts again, and not when KeyWatch is updated. The
// popup links to it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil, sleep, type ExtensionBrowser } from '../harness';
import { extensionDirs } from '../harness/paths';
import { readLocalStore } from '../support/extension';
import type { E2ETest } from '../test-api';

/** The paths of the extension's pages open in tabs, as the extension itself sees them. */
async function openExtensionTabs(browser: ExtensionBrowser): Promise<string[]> {
  return browser.inExtension(() => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return (api.extension.getViews({ type: 'tab' }) as Window[]).map((view) => view.location.pathname);
  }, null);
}

/** Whether the welcome page is open, once the background has set up the store and had a while longer to open it. */
async function welcomeOpenOnceSettled(browser: ExtensionBrowser): Promise<boolean> {
  await pollUntil('the store set up', async () => (await readLocalStore(browser)).schema);
  await sleep(2_000);
  return (await openExtensionTabs(browser)).includes('/welcome.html');
}

function setVersion(extensionDir: string, version: string): void {
  const path = join(extensionDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  writeFileSync(path, JSON.stringify({ ...manifest, version }, null, 2));
}

export const tests: E2ETest[] = [
  {
    name: 'welcome: opens on install, says what KeyWatch does in plain words, and not on restart or (Firefox) update',
    async run({ pool, browser: browserName }) {
      // A copy of the build: its manifest is changed below to update KeyWatch in place.
      const copyRoot = mkdtempSync(join(tmpdir(), 'keywatch-welcome-'));
      const extensionDir = join(copyRoot, browserName);
      cpSync(extensionDirs[browserName], extensionDir, { recursive: true });
      try {
        let browser = await pool.launch('welcome', { extensionDir, keepWelcomePage: true });
        await pollUntil(
          'the welcome page to open on install',
          async () => (await openExtensionTabs(browser)).includes('/welcome.html'),
          20_000,
        );
        const welcome = await browser.openExtensionPage('welcome.html');
        const text = await welcome.waitFor('the welcome text', () => document.querySelector('article')?.textContent ?? '', null);
        for (const words of [
          /checks that every device is signed by its owner's identity key/,
          /trusts it as it is \("trusted on first use"\)/,
          /Scan:.*Type:.*Read aloud:/,
          /What KeyWatch cannot see/,
          /stored by this browser, on this computer/,
          /makes no network requests/,
          /KeyWatch does not run in them, so a conversation open in a private window is not checked/,
        ])
          assert.match(text, words);
        assert.equal(await welcome.evaluate(() => document.title, null), 'Welcome to KeyWatch');
        const popup = await browser.openExtensionPage('popup.html');
        const link = await popup.waitFor(
          'the link to the welcome page',
          () => document.querySelector('[data-testid="open-welcome"]')?.getAttribute('href') ?? '',
          null,
        );
        assert.ok(link.endsWith('/welcome.html'), 'the popup links to the welcome page');
        await browser.close();

        browser = await pool.launch('welcome', { extensionDir });
        assert.equal(await welcomeOpenOnceSettled(browser), false, 'no welcome page when the browser starts again');
        if (browserName === 'firefox') {
          // An update, as the browser applies one: the new version on disk, the add-on reloaded
          // (Firefox then says "update"). The store is emptied first, so only the reason keeps the
          // page closed. (Chromium unloads a command-line-loaded extension that reloads itself, and
          // says "install" for every launch of one: there the restart above is what can be tested.)
          await browser.inExtension(async () => {
            const api = (globalThis as any).browser;
            await api.storage.local.clear();
          }, null);
          setVersion(extensionDir, '99.0.0');
          await browser.inExtension(() => void setTimeout(() => (globalThis as any).browser.runtime.reload(), 50), null);
          // Extension pages close when the add-on reloads: read through a new one. A page opened
          // while the add-on is between its two versions may never load; it is given up and another
          // opened.
          const page = await pollUntil(
            'KeyWatch updated',
            async () => {
              let candidate: Awaited<ReturnType<typeof browser.openExtensionPage>> | null = null;
              try {
                candidate = await browser.openExtensionPage('options.html');
                const version = await candidate.evaluate(() => (globalThis as any).browser.runtime.getManifest().version as string, null);
                if (version === '99.0.0') return candidate;
              } catch (error) {
                if (!/timed out|closed|destroyed|context/i.test(String(error))) throw error;
              }
              await candidate?.close().catch(() => {});
              return null;
            },
            70_000,
          );
          await sleep(2_000);
          const tabs = await page.evaluate(
            () => ((globalThis as any).browser.extension.getViews({ type: 'tab' }) as Window[]).map((view) => view.location.pathname),
            null,
          );
          assert.equal(tabs.includes('/welcome.html'), false, 'no welcome page after an update');
        }
        await browser.close();
      } finally {
        rmSync(copyRoot, { recursive: true, force: true });
      }
    },
  },
];
