// Where KeyWatch reads pages. The store build (dist/, what `npm run package`
// zips) reads no local address; it reads a messenger at another address once
// the user grants that address on the options page; and a broad grant
// (every https site) is said plainly there, and can be given back. Where it
// cannot read (access withdrawn or withheld in the browser, a tab open since
// before the grant), the popup and the options page say so, and a reader left
// in a tab after its access was withdrawn is not listened to.
//
// A grant needs the user's answer to a browser prompt. Firefox answers it
// itself with extensions.webextOptionalPermissionPrompts off; headless Chromium
// cannot, so the Chromium run of the broad-grant test loads a copy of the build
// whose manifest requires https://*/* (granted at install, as a previous
// version could have left it).
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curve25519Pair, disclosureOf, ed25519Pair } from '../../src/adapters/page-protocol/testing/test-fixture';
import { sleep, type ExtensionBrowser, type TestPage } from '../harness';
import { storeExtensionDirs } from '../harness/paths';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, readLocalStore, tabIdFor, waitForPeople } from '../support/extension';
import { startHttpsSite } from '../support/https-site';
import type { E2ETest } from '../test-api';

const person = (id: string) => ({
  id,
  name: id,
  identity: ed25519Pair(`sites-${id}`),
  devices: [{ id: 'd1', key: curve25519Pair(`sites-${id}-d1`, 32) }],
});
const conversation = () => disclosurePage('Chat', disclosureOf('alice', [person('alice'), person('bob')]));
const GRANT_WITHOUT_PROMPT = { 'extensions.webextOptionalPermissionPrompts': false };

interface Registered {
  id: string;
  matches: string[];
}

async function extensionState(browser: ExtensionBrowser): Promise<{ origins: string[]; registered: Registered[]; tabs: string[] }> {
  return browser.inExtension(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    const session = await api.storage.session.get(null);
    return {
      origins: (await api.permissions.getAll()).origins ?? [],
      registered: (await api.scripting.getRegisteredContentScripts()).map((s: any) => ({ id: s.id, matches: s.matches })),
      tabs: Object.entries(session)
        .filter(([key]) => key.startsWith('tab/'))
        .map(([, value]: [string, any]) => value.url),
    };
  }, null);
}

/** Grants host access the way a page button would: a click in an extension page (Firefox, prompts off). */
async function grantFromClick(page: TestPage, origins: string[]): Promise<void> {
  await page.evaluate((asked) => {
    const button = document.createElement('button');
    button.id = 'test-grant';
    button.textContent = 'grant';
    button.onclick = () => {
      const api = (globalThis as any).browser ?? (globalThis as any).chrome;
      void api.permissions.request({ origins: asked }).then((ok: boolean) => button.setAttribute('data-granted', String(ok)));
    };
    document.body.prepend(button);
  }, origins);
  await page.click('#test-grant');
  await page.waitFor('the grant', () => document.querySelector('#test-grant')?.getAttribute('data-granted'), null);
}

/** Takes host access back the way the browser's own add-on permission toggle does. */
async function withdraw(browser: ExtensionBrowser, origins: string[]): Promise<void> {
  const removed = await browser.inExtension(async (asked) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return api.permissions.remove({ origins: asked }) as Promise<boolean>;
  }, origins);
  assert.equal(removed, true, 'access withdrawn');
}

/** The id of the tab at `url`, found by its address (the extension may have no tab state for it). */
async function tabAt(browser: ExtensionBrowser, url: string): Promise<number> {
  return browser.inExtension(async (address) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    const tabs = (await api.tabs.query({})) as Array<{ id: number; url?: string }>;
    // Without access the browser does not tell the address: the last such tab is the one just opened.
    return (tabs.find((t) => t.url === address) ?? tabs.filter((t) => t.url === undefined).pop())?.id ?? -1;
  }, url);
}

/** What a popup opened for the tab says when it has no conversation to show: its reach, and its text. */
/**
 * What the popup says of a tab KeyWatch reads nothing from. `withheld`: also wait for the line that names a withheld
 * site, which the popup finds by a check of its own, answered apart from the tab's reach.
 */
async function notRead(browser: ExtensionBrowser, tabId: number, withheld = false): Promise<{ reach: string; text: string }> {
  const popup = await browser.openExtensionPage(`popup.html?tab=${tabId}`);
  const shown = await popup.waitFor(
    withheld ? 'what the popup says, with the withheld site' : 'what the popup says',
    (withheld) => {
      const p = document.querySelector('[data-testid="not-read"]');
      const reach = p?.getAttribute('data-reach');
      const named = !withheld || !!document.querySelector('[data-testid="withheld-site"]');
      return reach && named ? { reach, text: document.body.textContent ?? '' } : null;
    },
    withheld,
  );
  await popup.close();
  return shown;
}

async function grantedList(options: TestPage): Promise<Array<{ pattern: string; text: string; removable: boolean }>> {
  return options.evaluate(
    () =>
      [...document.querySelectorAll('[data-testid="granted-site"]')].map((li) => ({
        pattern: li.getAttribute('data-pattern') ?? '',
        text: li.textContent ?? '',
        removable: li.querySelector('[data-testid="grant-remove"]') !== null,
      })),
    null,
  );
}

export const tests: E2ETest[] = [
  {
    name: 'store build: no access to local addresses, and a local page is not read',
    async run({ pool, server, browser: browserName }) {
      const browser = await pool.launch('store-local', { extensionDir: storeExtensionDirs[browserName] });
      const manifest = JSON.parse(readFileSync(join(storeExtensionDirs[browserName], 'manifest.json'), 'utf8'));
      assert.doesNotMatch(JSON.stringify(manifest), /localhost|127\.0\.0\.1/);
      const access = await browser.inExtension(async () => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        // No named inner function: the test runner's transform would give it a helper the page does not have.
        return {
          localhost: await api.permissions.contains({ origins: ['http://localhost/*'] }),
          loopback: await api.permissions.contains({ origins: ['http://127.0.0.1/*'] }),
        };
      }, null);
      assert.deepEqual(access, { localhost: false, loopback: false });

      const url = server.publish('/store-local.html', conversation());
      const page = await browser.newPage(url);
      await page.waitFor('the page', () => document.readyState === 'complete', null);
      // A reader would report within a few hundred milliseconds of document_idle (tabIdFor waits for that elsewhere).
      await sleep(1500);
      const state = await extensionState(browser);
      assert.deepEqual(state.registered, []);
      assert.deepEqual(
        state.tabs.filter((tab) => tab.startsWith(server.origin)),
        [],
      );
    },
  },
  {
    name: 'store build: a messenger at an address granted on the options page is read',
    browser: 'firefox',
    async run({ pool }) {
      const site = await startHttpsSite('chat.example.org');
      try {
        const browser = await pool.launch('store-granted', {
          extensionDir: storeExtensionDirs.firefox,
          firefoxPrefs: { ...GRANT_WITHOUT_PROMPT, ...site.firefoxPrefs },
          acceptInsecureCerts: true,
        });
        const options = await browser.openExtensionPage('options.html');
        await options.waitFor('the sites section', () => !!document.querySelector('[data-testid="grant-address"]'), null);
        await options.fill('[data-testid="grant-address"]', `${site.origin}/chat`);
        await options.click('[data-testid="grant-submit"]');
        await options.waitFor(
          'the grant to be confirmed',
          () => document.querySelector('#granted-sites [role="status"]')?.textContent?.includes('https://chat.example.org/*'),
          null,
        );
        await options.waitFor(
          'the granted site in the list',
          () =>
            !!document.querySelector(
              '[data-testid="granted-site"][data-pattern="https://chat.example.org/*"] [data-testid="grant-remove"]',
            ),
          null,
        );
        const { registered } = await extensionState(browser);
        assert.deepEqual(registered.map((r) => r.id).sort(), ['keywatch-matrix-content', 'keywatch-matrix-page', 'keywatch-page-protocol']);
        for (const script of registered) assert.deepEqual(script.matches, ['https://chat.example.org/*']);
        const frames = await browser.inExtension(async () => {
          const api = (globalThis as any).browser ?? (globalThis as any).chrome;
          return (await api.scripting.getRegisteredContentScripts())
            .map((s: any) => [s.id, s.allFrames === true, s.matchOriginAsFallback === true])
            .sort() as Array<[string, boolean, boolean]>;
        }, null);
        assert.deepEqual(
          frames,
          [
            ['keywatch-matrix-content', true, true],
            ['keywatch-matrix-page', true, true],
            ['keywatch-page-protocol', false, false],
          ],
          'the Matrix observer runs in the frames of a granted site too, those the page makes itself included',
        );

        const url = site.publish('/chat', conversation());
        const page = await browser.newPage(url);
        const popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 2);
      } finally {
        await site.close();
      }
    },
  },
  {
    name: 'options page: a granted https://*/* is said plainly, and giving it back stops the readers there',
    async run({ pool, browser: browserName }) {
      let browser: ExtensionBrowser;
      if (browserName === 'firefox') {
        browser = await pool.launch('broad', { extensionDir: storeExtensionDirs.firefox, firefoxPrefs: GRANT_WITHOUT_PROMPT });
        await grantFromClick(await browser.openExtensionPage('options.html'), ['https://*/*']);
      } else {
        // In the pool's folder, deleted with the profiles once the browser is closed.
        const copy = pool.profile('broad-build');
        cpSync(storeExtensionDirs.chromium, copy, { recursive: true });
        const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
        manifest.host_permissions.push('https://*/*');
        writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
        browser = await pool.launch('broad', { extensionDir: copy });
      }
      {
        const options = await browser.openExtensionPage('options.html');
        const warning = await options.waitFor(
          'the broad-grant warning',
          () => document.querySelector('[data-testid="broad-grant"]')?.textContent ?? '',
          null,
        );
        assert.match(warning, /every https page you open/);
        assert.match(warning, /https:\/\/\*\/\*/);
        const broad = (await grantedList(options)).find((item) => item.pattern === 'https://*/*');
        assert.ok(broad, 'https://*/* is listed');
        assert.match(broad.text, /every https site/);
        assert.ok(broad.text.indexOf('every https site') < broad.text.indexOf('https://*/*'), 'the plain words come first');

        if (browserName === 'firefox') {
          // Granted at run time: the readers run on every https site until it is given back.
          const before = await extensionState(browser);
          assert.ok(before.registered.some((r) => r.id === 'keywatch-page-protocol' && r.matches.includes('https://*/*')));
          assert.ok(broad.removable);
          await options.click('[data-testid="granted-site"][data-pattern="https://*/*"] [data-testid="grant-remove"]');
          await options.waitFor('the warning to go', () => !document.querySelector('[data-testid="broad-grant"]'), null);
          await options.waitFor(
            'the list without it',
            () => !document.querySelector('[data-testid="granted-site"][data-pattern="https://*/*"]'),
            null,
          );
          let after = await extensionState(browser);
          for (let i = 0; i < 50 && after.registered.length > 0; i++) {
            await sleep(100);
            after = await extensionState(browser);
          }
          assert.deepEqual(after.registered, []);
          assert.ok(!after.origins.includes('https://*/*'));
        } else {
          // Required by this copy's manifest: shown as built in, with nothing to give back.
          assert.ok(!broad.removable);
        }
      }
    },
  },
  {
    name: 'store build: access withdrawn in the browser while a granted tab is open: the tab says so, and its reader is not listened to',
    browser: 'firefox',
    async run({ pool }) {
      const site = await startHttpsSite('chat.example.org');
      try {
        const browser = await pool.launch('store-withdrawn', {
          extensionDir: storeExtensionDirs.firefox,
          firefoxPrefs: { ...GRANT_WITHOUT_PROMPT, ...site.firefoxPrefs },
          acceptInsecureCerts: true,
        });
        await grantFromClick(await browser.openExtensionPage('options.html'), ['https://chat.example.org/*']);
        const url = site.publish('/chat', conversation());
        const page = await browser.newPage(url);
        const popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 2);
        await popup.close();
        const tabId = await tabIdFor(browser, page.url());

        await withdraw(browser, ['https://chat.example.org/*']);
        const after = await browser.openExtensionPage(`popup.html?tab=${tabId}`);
        await after.waitFor(
          'the popup to say access was withdrawn',
          () => /no longer has access/.test(document.body.textContent ?? ''),
          null,
        );
        assert.equal(await after.evaluate(() => document.querySelectorAll('[data-testid="participant"]').length, null), 0);
        await after.close();

        // The reader still in the page reports a new member: not taken.
        await page.evaluate(
          (text) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(text),
          JSON.stringify(disclosureOf('alice', [person('alice'), person('bob'), person('carol')])),
        );
        await sleep(2000);
        const contacts = Object.keys(await readLocalStore(browser)).filter((key) => key.startsWith('v1/contact/'));
        assert.ok(contacts.some((key) => key.endsWith('|bob')));
        assert.ok(!contacts.some((key) => key.endsWith('|carol')), 'nothing is read from a site whose access was withdrawn');
      } finally {
        await site.close();
      }
    },
  },
  {
    name: 'store build: a tab open before its site was granted is said to need a reload, and Element withheld is said in popup and options',
    browser: 'firefox',
    async run({ pool }) {
      const chat = await startHttpsSite('chat.example.org');
      const element = await startHttpsSite('app.element.io');
      try {
        const browser = await pool.launch('store-not-read', {
          extensionDir: storeExtensionDirs.firefox,
          firefoxPrefs: {
            ...GRANT_WITHOUT_PROMPT,
            // Both names on this machine (one site's prefs name only its own).
            'network.dns.localDomains': `${chat.firefoxPrefs['network.dns.localDomains']},${element.firefoxPrefs['network.dns.localDomains']}`,
          },
          acceptInsecureCerts: true,
        });
        const chatUrl = chat.publish('/chat', conversation());
        const chatPage = await browser.newPage(chatUrl);
        await chatPage.waitFor('the page', () => document.readyState === 'complete', null);
        assert.equal((await notRead(browser, await tabAt(browser, chatUrl))).reach, 'no-access', 'not granted: no access');
        await grantFromClick(await browser.openExtensionPage('options.html'), ['https://chat.example.org/*']);
        const open = await notRead(browser, await tabAt(browser, chatUrl));
        assert.equal(open.reach, 'no-reader');
        assert.match(open.text, /reload the page/);

        await withdraw(browser, ['https://app.element.io/*']);
        const elementUrl = element.publish('/', '<!doctype html><title>Element</title><h1>Element</h1>');
        const elementPage = await browser.newPage(elementUrl);
        await elementPage.waitFor('the page', () => document.readyState === 'complete', null);
        const withheld = await notRead(browser, await tabAt(browser, elementUrl), true);
        assert.equal(withheld.reach, 'no-access');
        assert.match(withheld.text, /no access to https:\/\/app\.element\.io/);
        const options = await browser.openExtensionPage('options.html');
        const said = await options.waitFor(
          'the options page to say Element is not read',
          () => document.querySelector('[data-testid="withheld-site"]')?.textContent ?? null,
          null,
        );
        assert.match(said, /https:\/\/app\.element\.io/);
      } finally {
        await chat.close();
        await element.close();
      }
    },
  },
];
