// One browser holding one store, with the 1,000-person page open, and the
// measurements the wake benchmark takes on it. Everything is asked through a
// light extension page (about.html): the options page would read the whole
// store on every change, in the extension's own process, and disturb what is measured.
import { encodeStore } from '../../src/core/trust';
import type { BrowserPool, ExtensionBrowser, TestPage } from '../../e2e/harness';
import { pollUntil, sleep } from '../../e2e/harness';
import { disclosurePage } from '../../e2e/support/disclosure-page';
import { tabIdFor } from '../../e2e/support/extension';
import type { TestServer } from '../../e2e/harness';
import { largestDisclosure, type Store } from './stores';

/** The extension API as the bench's page functions use it (each function is serialized into an extension page). */
interface ExtensionApi {
  storage: {
    local: {
      get(keys: string | null): Promise<Record<string, unknown>>;
      set(items: object): Promise<void>;
      clear(): Promise<void>;
      getBytesInUse?(keys: null): Promise<number>;
    };
    session: { get(keys: string): Promise<Record<string, unknown>> };
  };
  action: { setBadgeText(details: { text: string }): Promise<void>; getBadgeText(details: object): Promise<string> };
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    getBackgroundPage(): Promise<{ location: Location; performance: Performance }>;
  };
}
interface Api {
  browser?: ExtensionApi;
  chrome?: ExtensionApi;
}

/** A tab id no tab has: asking for its view costs the background nothing but waking up. */
const NO_TAB = 999_999;

export interface IngestTiming {
  participants: number;
  planMs: number;
  writeMs: number;
  totalMs: number;
  at: number;
}

/** The measuring page polls with short timers from a tab behind the conversation's page: the harness runs Firefox's background tabs' timers unthrottled (e2e/harness/firefox.ts), as Chromium's are. */
export class StoreSession {
  private changes = 0;

  private constructor(
    readonly name: string,
    readonly browser: ExtensionBrowser,
    private readonly helper: TestPage,
    readonly page: TestPage,
    readonly tabId: number,
    /** The badge text the store's open alerts give now. */
    public badge: number,
  ) {}

  /** Launches a browser, replaces its store with `store`, and opens the 1,000-person page (whose first report changes nothing). */
  static async open(pool: BrowserPool, server: TestServer, name: string, store: Store, badge: number): Promise<StoreSession> {
    const browser = await pool.launch(name);
    const helper = await browser.openExtensionPage('about.html');
    await pollUntil('the new store set up', () =>
      helper.evaluate(
        async () =>
          (await ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!.storage.local.get('schema')).schema,
        null,
      ),
    );
    await helper.evaluate(async (contents) => {
      await ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!.storage.local.clear();
      await ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!.storage.local.set(contents);
    }, encodeStore(store));
    await restart(browser, helper);
    const url = server.publish(`/year-${name}.html`, disclosurePage('All hands', largestDisclosure(0)));
    const page = await browser.newPage(url);
    const tabId = await tabIdFor(browser, url);
    const session = new StoreSession(name, browser, helper, page, tabId, badge);
    await session.waitForBadge(badge, 120_000);
    return session;
  }

  /** A browser holding `store` and no page: what a background costs with nothing to show. */
  static async withoutPage(pool: BrowserPool, name: string, store: Store, badge: number): Promise<StoreSession> {
    const browser = await pool.launch(name);
    const helper = await browser.openExtensionPage('about.html');
    await pollUntil('the new store set up', () =>
      helper.evaluate(
        async () =>
          (await ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!.storage.local.get('schema')).schema,
        null,
      ),
    );
    await helper.evaluate(async (contents) => {
      const a = ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!;
      await a.storage.local.clear();
      await a.storage.local.set(contents);
    }, encodeStore(store));
    await restart(browser, helper);
    return new StoreSession(name, browser, helper, helper, -1, badge);
  }

  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return this.helper.evaluate(fn, arg);
  }

  /**
   * Stops the background. Chromium's service worker is closed and starts again
   * at the next event. Firefox's background page (no test control can suspend
   * it) is reloaded and starts again at once, holding nothing; this waits until
   * it answers (a page asking while it reloads would find no listener).
   */
  async stop(): Promise<void> {
    if (this.browser.name === 'chromium') return stopWorker(this.browser);
    await this.evaluate(async (tabId) => {
      const a = (globalThis as unknown as Api).browser!;
      const before = await a.runtime.getBackgroundPage();
      const origin = before.performance.timeOrigin;
      before.location.reload();
      // The old page may still answer while it unloads: ask only once the new one is there.
      for (;;) {
        const now = await a.runtime.getBackgroundPage().then(
          (page) => page?.performance.timeOrigin,
          () => undefined,
        );
        if (now !== undefined && now !== origin) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      for (;;) {
        try {
          return void (await a.runtime.sendMessage({ type: 'view/tab', request: { tabId } }));
        } catch {
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    }, NO_TAB);
  }

  /**
   * Wakes a stopped background with a request that needs nothing but the wake
   * itself, having first put a wrong badge up: how long until the first answer,
   * and until the badge is right again. In Firefox, from the reload of its background page.
   */
  async wake(): Promise<{ answerMs: number; badgeMs: number }> {
    if (this.browser.name === 'chromium') await this.stop();
    return this.evaluate(
      async ({ tabId, expected, reload }) => {
        const a = ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!;
        await a.action.setBadgeText({ text: '…' });
        const started = performance.now();
        if (reload) {
          const before = await a.runtime.getBackgroundPage();
          const origin = before.performance.timeOrigin;
          before.location.reload();
          // The old page may still answer while it unloads: ask only once the new one is there.
          for (;;) {
            const now = await a.runtime.getBackgroundPage().then(
              (page) => page?.performance.timeOrigin,
              () => undefined,
            );
            if (now !== undefined && now !== origin) break;
            await new Promise((r) => setTimeout(r, 2));
          }
        }
        let answered = 0;
        // Inline, not a named function: the page gets this function's text, without the bundler's helpers.
        const reply = (async (): Promise<void> => {
          // A background page being reloaded has no listener for a moment: ask again.
          for (;;) {
            try {
              await a.runtime.sendMessage({ type: 'view/tab', request: { tabId } });
              answered = performance.now();
              return;
            } catch {
              await new Promise((r) => setTimeout(r, 2));
            }
          }
        })();
        let badge = 0;
        while (!badge) {
          if ((await a.action.getBadgeText({})) === expected) badge = performance.now();
          else await new Promise((r) => setTimeout(r, 2));
        }
        await reply;
        return { answerMs: answered - started, badgeMs: badge - started };
      },
      { tabId: NO_TAB, expected: badgeText(this.badge), reload: this.browser.name === 'firefox' },
    );
  }

  /** A request answered by a background already running. */
  async answerWarm(): Promise<number> {
    return this.evaluate(async (tabId) => {
      const started = performance.now();
      await ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!.runtime.sendMessage({
        type: 'view/tab',
        request: { tabId },
      });
      return performance.now() - started;
    }, NO_TAB);
  }

  /** From opening the popup of the 1,000-person tab to its first rows on screen. */
  async popupFirstRows(): Promise<number> {
    const popup = await this.browser.openExtensionPage(`popup.html?tab=${this.tabId}`);
    try {
      return await popup.waitFor(
        'the first rows',
        () => performance.getEntriesByName('keywatch:first-rows')[0]?.startTime ?? 0,
        null,
        60_000,
      );
    } finally {
      await popup.close();
    }
  }

  /** One member of the 1,000 shows one more device (signed by them): from the page's change to the badge counting its alert. */
  async newDevice(): Promise<{ ms: number; ingest: IngestTiming }> {
    this.changes++;
    this.badge++;
    const text = JSON.stringify(largestDisclosure(this.changes));
    const expected = badgeText(this.badge);
    const seen = this.evaluate(async (want) => {
      const a = ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!;
      for (;;) {
        if ((await a.action.getBadgeText({})) === want) return Date.now();
        await new Promise((r) => setTimeout(r, 2));
      }
    }, expected);
    const changedAt = await this.page.evaluate((t) => {
      const at = Date.now();
      (window as unknown as { setDisclosure(t: string): void }).setDisclosure(t);
      return at;
    }, text);
    const ms = (await seen) - changedAt;
    const ingest = await this.evaluate(
      async () =>
        (await ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!.storage.session.get('metrics/ingest'))[
          'metrics/ingest'
        ] as IngestTiming,
      null,
    );
    return { ms, ingest: { ...ingest, at: ingest.at - changedAt } };
  }

  async waitForBadge(count: number, timeoutMs = 30_000): Promise<void> {
    const expected = badgeText(count);
    await pollUntil(
      `the badge to read ${expected}`,
      async () =>
        (await this.evaluate(
          () => ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!.action.getBadgeText({}),
          null,
        )) === expected,
      timeoutMs,
    );
  }

  /** Bytes storage.local holds, as the browser counts them (null where it does not say). */
  async bytesInUse(): Promise<number | null> {
    return this.evaluate(async () => {
      const local = ((globalThis as unknown as Api).browser ?? (globalThis as unknown as Api).chrome)!.storage.local;
      return typeof local.getBytesInUse === 'function' ? ((await local.getBytesInUse(null)) as number) : null;
    }, null);
  }

  /** Lets the background finish what it does after answering (a browser is busy for a moment after each measurement). */
  settle(): Promise<void> {
    return sleep(300);
  }
}

/** The store was replaced under the background: start it again, so it holds nothing of the old one. */
/** Stops Chromium's service worker; one that is not running is stopped already. */
async function stopWorker(browser: ExtensionBrowser): Promise<void> {
  try {
    await browser.stopBackground();
  } catch (error) {
    if (!/no service worker was running/.test(String(error))) throw error;
  }
}

async function restart(browser: ExtensionBrowser, helper: TestPage): Promise<void> {
  if (browser.name === 'chromium') return stopWorker(browser);
  await helper.evaluate(async () => (await (globalThis as unknown as Api).browser!.runtime.getBackgroundPage()).location.reload(), null);
  await sleep(500);
}

export function badgeText(count: number): string {
  return count === 0 ? '' : count > 99 ? '99+' : String(count);
}
