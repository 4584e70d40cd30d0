// Firefox with the extension installed as a temporary add-on, driven by
// puppeteer-core over WebDriver BiDi (Playwright cannot drive a stock Firefox).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { browserExecutable, HIDDEN_EXTENSION_PAGE } from './paths';
import { pollUntil } from './poll';
import type { ExtensionBrowser, LaunchOptions, TestPage } from './types';

function geckoId(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(resolve(extensionDir, 'manifest.json'), 'utf8'));
  return manifest.browser_specific_settings.gecko.id;
}

/** One fixed UUID per profile, kept in the profile, so the moz-extension:// origin survives relaunches. */
function profileUuid(profileDir: string): string {
  mkdirSync(profileDir, { recursive: true });
  const path = resolve(profileDir, 'keywatch-test-uuid.txt');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    const uuid = randomUUID();
    writeFileSync(path, uuid);
    return uuid;
  }
}

/**
 * Firefox's remote agent now and then fails a script call it makes for us, while
 * building the result ("right-hand side of 'in' should be an object, got null
 * #buildReturnValue": the call's completion came back empty). A fault of the
 * agent, not of the page, seen twice in about 250 Firefox test runs. It is
 * retried once. The calls made for
 * click, type and screenshot come before any input is sent, and most evaluated
 * functions only read; one that acts and is retried may act twice, and a test
 * would then fail, never pass wrongly.
 */
async function retryingAgentFault<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!String(error).includes('#buildReturnValue')) throw error;
    return call();
  }
}

export function wrapPage(page: Page, extensionPage: boolean): TestPage {
  const evaluate: TestPage['evaluate'] = (fn, arg) => retryingAgentFault(() => page.evaluate(fn as any, arg) as any);
  const goto = async (url: string) => {
    if (!extensionPage && !url.startsWith('moz-extension:')) {
      await page.goto(url);
      return;
    }
    // BiDi sends no load event for extension pages: start the navigation, then poll.
    page.goto(url).catch(() => {});
    await pollUntil(`${url} to load`, () => evaluate(() => location.href + '|' + document.readyState, null), 20_000).then(async () =>
      pollUntil(
        `${url} to load`,
        async () => {
          const state = await evaluate(() => location.href + '|' + document.readyState, null);
          return state === `${url}|complete`;
        },
        20_000,
      ),
    );
  };
  return {
    url: () => page.url(),
    goto,
    evaluate,
    waitFor: (what, fn, arg, timeoutMs) => pollUntil(what, () => evaluate(fn, arg), timeoutMs),
    click: async (selector) => {
      await retryingAgentFault(() => page.click(selector));
    },
    fill: async (selector, text) => {
      await retryingAgentFault(() =>
        page.$eval(selector, (el) => {
          (el as HTMLInputElement).value = '';
        }),
      );
      await retryingAgentFault(() => page.type(selector, text));
    },
    press: async (key) => {
      await page.keyboard.press(key as any);
    },
    screenshot: async (path) => {
      await retryingAgentFault(() => page.screenshot({ path: path as `${string}.png`, fullPage: true }));
    },
    close: () => page.close(),
  };
}

/** The parts of puppeteer's WebDriver BiDi classes that newTab reaches, not in its public types. */
interface BidiInternals {
  userContext: {
    createBrowsingContext(type: 'tab', options: { referenceContext: unknown }): Promise<{ id: string }>;
  };
}

/**
 * A new tab beside an open one. Firefox 140 opens a tab asked for without a reference in its most recent window of
 * any kind, and a notification's window (headless Firefox has no system notifications, so it shows its own) is one:
 * every page opened after KeyWatch notified then failed ("TabManager.getTabBrowser(...) is undefined"). A tab next to
 * an open page goes in that page's browser window. With no page open, the browser's own newPage is all there is.
 */
async function newTab(browser: Browser): Promise<Page> {
  const anchor = (await browser.defaultBrowserContext().pages())[0];
  if (!anchor) return browser.newPage();
  const internals = browser.defaultBrowserContext() as unknown as BidiInternals;
  const referenceContext = (anchor.mainFrame() as unknown as { browsingContext: unknown }).browsingContext;
  const created = await internals.userContext.createBrowsingContext('tab', { referenceContext });
  const page = (await browser.defaultBrowserContext().pages()).find(
    (p) => (p.mainFrame() as unknown as { browsingContext: { id: string } }).browsingContext.id === created.id,
  );
  if (!page) throw new Error('the new tab has no page');
  // As the browser's own newPage does: the launch's default viewport, where this Firefox can set it (140 has no
  // screen orientation override, which puppeteer sets with it; its newPage ignores that failure too).
  await page.setViewport(DEFAULT_VIEWPORT).catch(() => undefined);
  return page;
}

/**
 * Timers of a tab behind another run at most once a second in Firefox, and less once its budget is spent: the people
 * a test runs as tabs of one browser (two Matrix clients verifying each other, a measuring page) then crawled, and a
 * Matrix exchange between two tabs outlasted the test. Playwright's Chromium runs without that throttling; these make
 * Firefox alike. Each person of a real conversation has their own browser, in front.
 */
export const UNTHROTTLED_TIMERS = {
  'dom.min_background_timeout_value': 4,
  'dom.min_background_timeout_value_without_budget_throttling': 4,
  'dom.timeout.enable_budget_timer_throttling': false,
};

/** puppeteer's default for every page it opens. */
const DEFAULT_VIEWPORT = { width: 800, height: 600 };

export async function launchFirefox(options: LaunchOptions): Promise<ExtensionBrowser> {
  const id = geckoId(options.extensionDir);
  const uuid = profileUuid(options.profileDir);
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: browserExecutable('firefox'),
    headless: true,
    userDataDir: options.profileDir,
    args: ['--remote-allow-system-access'],
    ...(options.acceptInsecureCerts ? { acceptInsecureCerts: true } : {}),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [id]: uuid }),
      // The theme pages see: 0 dark, 1 light (extension pages included).
      ...(options.colorScheme ? { 'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1 } : {}),
      // The extension must make no network request; the browser's own chatter is switched off
      // so a recorded request can only be ours.
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.downloads.remote.enabled': false,
      ...UNTHROTTLED_TIMERS,
      ...options.firefoxPrefs,
    },
  });
  await browser.installExtension(options.extensionDir);
  const extensionOrigin = `moz-extension://${uuid}/`;

  let helperPage: TestPage | null = null;
  const openExtensionPage = async (path: string) => {
    const page = wrapPage(await newTab(browser), true);
    try {
      await page.goto(extensionOrigin + path);
    } catch (error) {
      await page.close().catch(() => {});
      throw error;
    }
    return page;
  };
  const inExtension: ExtensionBrowser['inExtension'] = async (fn, arg) => {
    helperPage ??= await openExtensionPage(HIDDEN_EXTENSION_PAGE);
    return helperPage.evaluate(fn, arg);
  };

  return {
    name: 'firefox',
    extensionOrigin,
    newPage: async (url) => {
      const page = wrapPage(await newTab(browser), false);
      await page.goto(url);
      return page;
    },
    openExtensionPage,
    inExtension,
    badgeText: () => inExtension(() => (globalThis as any).browser.action.getBadgeText({}) as Promise<string>, null),
    // Firefox's CSP report is the enforcement here; requests are checked through the CSP
    // (connect-src 'none') and the bundle scan, as BiDi network events do not name extension origins.
    extensionRequests: () => [],
    stopBackground: async () => {
      await inExtension(async () => {
        // An event page is suspended by the browser when idle; reloading its realm is the closest
        // test control: all in-memory state is lost, exactly as when the browser suspends it.
        const bg = await (globalThis as any).browser.runtime.getBackgroundPage?.();
        bg?.location.reload();
      }, null);
    },
    // WebDriver BiDi reaches no heap statistics of an extension's background page.
    backgroundHeap: async () => null,
    close: () => browser.close(),
  };
}
