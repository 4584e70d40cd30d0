// The page cannot silence the banner: a page that defined the old element name
// first still gets it; find in page does not read it; restyling, moving,
// covering or fading it is noticed, undone where it can be, and said where the
// page cannot reach (a notification, a mark on the tab's badge).
import assert from 'node:assert/strict';
import { pollUntil, type BrowserPool, type ExtensionBrowser, type TestPage } from '../harness';
import { bannerState, openPopupFor, tabIdFor, waitForAlert } from '../support/extension';
import { applyAttack, createUser, openConversation, signedInPage, startCourier, type CourierServer } from '../support/courier';
import type { E2ETest } from '../test-api';

async function hiddenReasons(browser: ExtensionBrowser, tabId: number): Promise<string[]> {
  return browser.inExtension(async (id) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    const key = `banner-hidden/${id}`;
    return ((await api.storage.session.get(key))[key] ?? []) as string[];
  }, tabId);
}

async function tabBadge(browser: ExtensionBrowser, tabId: number): Promise<string> {
  return browser.inExtension((id) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return api.action.getBadgeText({ tabId: id }) as Promise<string>;
  }, tabId);
}

/** Runs an attack in the page, then waits until KeyWatch has recorded `reason` and the banner is on top again. */
async function attackAndSee(
  browser: ExtensionBrowser,
  page: TestPage,
  tabId: number,
  reason: string,
  attack: (arg: boolean) => void,
  arg = false,
): Promise<void> {
  await page.evaluate(attack, arg);
  try {
    await pollUntil(`"${reason}" reported`, async () => (await hiddenReasons(browser, tabId)).includes(reason), 10_000);
  } catch (error) {
    const host = await page.evaluate(() => document.querySelector('[data-keywatch]')?.outerHTML.slice(0, 300) ?? 'no host', null);
    throw new Error(`${String(error)}; badge ${await tabBadge(browser, tabId)}; host ${host}`, { cause: error });
  }
}

/** In the page: opens its own popover over the whole window, the last in the top layer; `clicksThrough`: with pointer-events: none. */
function openCover(clicksThrough: boolean): void {
  const cover = document.createElement('div');
  cover.setAttribute('popover', 'manual');
  cover.style.cssText = `position: fixed; inset: 0; width: 100vw; height: 100vh; margin: 0; background: #fff; border: 0;${
    clicksThrough ? ' pointer-events: none;' : ''
  }`;
  document.body.append(cover);
  cover.showPopover();
}

interface ChatWithBob {
  courier: CourierServer;
  browser: ExtensionBrowser;
  page: TestPage;
  popup: TestPage;
  tabId: number;
}

/** Alice in Courier, in a direct conversation Bob started, with her popup open; Courier closed after `run`. */
async function inChatWithBob(pool: BrowserPool, run: (chat: ChatWithBob) => Promise<void>): Promise<void> {
  const courier = await startCourier({ port: 0 });
  const bob = await createUser(courier.url, 'bob', 'Bob');
  try {
    const browser = await pool.launch('alice');
    const page = await signedInPage(browser, courier, 'alice', 'Alice');
    await openConversation(page, await bob.createDirect('alice'));
    const popup = await openPopupFor(browser, page.url());
    await run({ courier, browser, page, popup, tabId: await tabIdFor(browser, page.url()) });
  } finally {
    bob.close();
    await courier.close();
  }
}

export const tests: E2ETest[] = [
  {
    name: 'banner guard: pre-empted name, find in page, restyled, moved, covered and faded banners are noticed and said, again after the first was dealt with',
    run: ({ pool }) =>
      inChatWithBob(pool, async ({ courier, browser, page, popup, tabId }) => {
        // The page takes the name the banner once had, with a constructor that takes the shadow root.
        await page.evaluate(() => {
          customElements.define(
            'keywatch-banner',
            class extends HTMLElement {
              constructor() {
                super();
                this.attachShadow({ mode: 'open' });
              }
            },
          );
        }, null);

        await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob', signedBy: 'none' });
        await waitForAlert(popup, 'critical', /ghost/i);
        const shown = await pollUntil('the in-page banner despite the defined name', async () => {
          const state = await bannerState(page);
          return state.present && state;
        });
        assert.ok(shown.closed && shown.onTop, 'a closed banner on top of the page');

        const found = await page.evaluate(() => {
          const find = (window as unknown as { find(text: string): boolean }).find.bind(window);
          return [find('KeyWatch warning'), find('Open KeyWatch from the toolbar')];
        }, null);
        assert.deepEqual(found, [false, false], 'window.find does not read the banner');

        // A stylesheet rule loses to the banner's own inline style: nothing to report, still on top.
        await page.evaluate(() => {
          const style = document.createElement('style');
          style.textContent = '[data-keywatch], html > div:last-child { display: none !important; opacity: 0 !important; }';
          document.head.append(style);
        }, null);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        assert.ok((await bannerState(page)).onTop, 'a page stylesheet does not hide the banner');
        assert.deepEqual(await hiddenReasons(browser, tabId), [], 'nothing was hidden, so nothing was said');
        assert.notEqual(await tabBadge(browser, tabId), '!');

        await attackAndSee(browser, page, tabId, 'restyled', () => {
          (document.querySelector('[data-keywatch]') as HTMLElement).style.setProperty('display', 'none', 'important');
        });
        await pollUntil('the banner restored after restyling', async () => (await bannerState(page)).onTop);
        assert.equal(await tabBadge(browser, tabId), '!', "the tab's badge carries the mark");
        // Headless Firefox has no system notification area: it closes a notification within half a second
        // (measured), so the notification is checked where it stays listed.
        if (browser.name === 'chromium') {
          const notifications = await browser.inExtension(async () => {
            const api = (globalThis as any).browser ?? (globalThis as any).chrome;
            return Object.keys(await api.notifications.getAll());
          }, null);
          assert.ok(notifications.includes(`keywatch-banner-hidden-${tabId}`), `a notification: ${notifications.join(', ')}`);
        }

        await attackAndSee(browser, page, tabId, 'moved', () => {
          const box = document.createElement('div');
          box.style.display = 'none';
          document.body.append(box);
          box.append(document.querySelector('[data-keywatch]')!);
        });
        await pollUntil('the banner put back after moving', async () => (await bannerState(page)).onTop);

        await attackAndSee(browser, page, tabId, 'covered', openCover);
        await pollUntil('the banner raised above the cover', async () => (await bannerState(page)).onTop);

        await attackAndSee(browser, page, tabId, 'transparent', () => {
          document.documentElement.style.opacity = '0.01';
        });
        await page.evaluate(() => document.documentElement.style.removeProperty('opacity'), null);
        assert.ok(!(await hiddenReasons(browser, tabId)).includes('pre-empted'), 'the defined name did not stop the banner');

        // With the alert acknowledged the banner goes, and the tab's badge follows the others again.
        await popup.click('[data-testid="alert"][data-severity="critical"] button');
        await popup.click('[data-testid="confirm-acknowledge"]');
        await pollUntil('the banner taken down', async () => !(await bannerState(page)).present);
        await pollUntil("the tab's mark taken off", async () => (await tabBadge(browser, tabId)) === '');

        // A later attack: the banner comes back, and covering it again is told again, as the first time.
        await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob', signedBy: 'none' });
        await waitForAlert(popup, 'critical', /ghost/i);
        await pollUntil('the banner back for the new alert', async () => (await bannerState(page)).present);
        await page.evaluate(openCover, false);
        await pollUntil("the tab's mark back", async () => (await tabBadge(browser, tabId)) === '!', 10_000);
      }),
  },
  {
    name: 'banner guard: a cover that lets clicks through (pointer-events: none) is noticed too',
    run: ({ pool }) =>
      inChatWithBob(pool, async ({ courier, browser, page, popup, tabId }) => {
        await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob', signedBy: 'none' });
        await waitForAlert(popup, 'critical', /ghost/i);
        await pollUntil('the in-page banner', async () => (await bannerState(page)).present);
        // Hit testing skips this cover, so the point under the bar still answers with the banner.
        await attackAndSee(browser, page, tabId, 'covered', openCover, true);
        assert.equal(await tabBadge(browser, tabId), '!', "the tab's badge says the banner was hidden");
      }),
  },
];
