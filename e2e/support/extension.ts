// Test helpers that ask the extension what it knows, the way its own pages do.
import type { ExtensionBrowser, TestPage } from '../harness';
import { pollUntil } from '../harness';
import { decodeStore } from '../../src/core/trust';

/** The id of the tab showing `url`, from the background's per-tab state. */
/** Sends a message to the background from an extension page, as the popup or the records page would. */
export async function sendFromExtension(browser: ExtensionBrowser, type: string, request: unknown): Promise<any> {
  return browser.inExtension(
    async ({ type, request }) => {
      const api = (globalThis as any).browser ?? (globalThis as any).chrome;
      return api.runtime.sendMessage({ type, request });
    },
    { type, request },
  );
}

/** Waits until the background answers a message (a stopped worker, or Firefox's reloaded background page, takes a moment). */
export async function backgroundAnswers(browser: ExtensionBrowser): Promise<void> {
  await pollUntil('the background to answer', () =>
    browser
      .inExtension(async () => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        const reply = await api.runtime.sendMessage({ type: 'view/tab', request: { tabId: 1 } });
        return typeof reply?.ok === 'boolean';
      }, null)
      .catch(() => false),
  );
}

export async function tabIdFor(browser: ExtensionBrowser, url: string): Promise<number> {
  return pollUntil(
    `the extension to see ${url}`,
    async () => {
      const session = await browser.inExtension(async () => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        return api.storage.session.get(null) as Promise<Record<string, { url?: string }>>;
      }, null);
      // The page may have changed its fragment since it last reported; the document is the same.
      const entry = Object.entries(session).find(
        ([key, value]) => key.startsWith('tab/') && value?.url?.split('#')[0] === url.split('#')[0],
      );
      return entry ? Number(entry[0].slice(4)) : 0;
    },
    20_000,
  );
}

export async function openPopupFor(browser: ExtensionBrowser, url: string): Promise<TestPage> {
  const tabId = await tabIdFor(browser, url);
  return browser.openExtensionPage(`popup.html?tab=${tabId}`);
}

export async function participantNames(popup: TestPage): Promise<string[]> {
  return popup.evaluate(() => [...document.querySelectorAll('[data-testid="participant"] .name')].map((el) => el.textContent ?? ''), null);
}

/** storage.local, each record as the trust store reads it (contacts, roster chunks and alerts are stored compact: docs/storage.md). */
export async function readLocalStore(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  return decodeStore(await readRawLocalStore(browser));
}

/** storage.local exactly as stored. */
export async function readRawLocalStore(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  return browser.inExtension(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return api.storage.local.get(null) as Promise<Record<string, unknown>>;
  }, null);
}

/** Waits until the popup lists `count` people. */
export async function waitForPeople(popup: TestPage, count: number): Promise<void> {
  await popup.waitFor(
    `${count} people in the popup`,
    (n) => document.querySelectorAll('[data-testid="participant"]').length === n,
    count,
    20_000,
  );
}

/** Opens a person's detail in the popup. */
export async function selectPerson(popup: TestPage, id: string): Promise<void> {
  await popup.waitFor(`${id} in the popup`, (who) => !!document.querySelector(`[data-testid="participant"][data-id="${who}"]`), id, 20_000);
  await popup.click(`[data-testid="participant"][data-id="${id}"]`);
  await popup.waitFor('the person detail', () => !!document.querySelector('[data-testid="detail"]'), null);
}

export async function safetyNumberShown(popup: TestPage): Promise<string> {
  return popup.waitFor(
    'a safety number',
    () => document.querySelector('[data-testid="safety-number"]')?.getAttribute('data-digits') ?? '',
    null,
    20_000,
  );
}

export async function trustShown(popup: TestPage): Promise<string> {
  return popup.evaluate(
    () => document.querySelector('[data-testid="detail"] [data-testid="trust"]')?.getAttribute('data-trust') ?? '',
    null,
  );
}

/** Open alerts the popup lists, as [severity, summary] pairs; the isolates around page text (FSI … PDI, invisible) left out. */
export async function popupAlerts(popup: TestPage): Promise<Array<[string, string]>> {
  return popup.evaluate(
    () =>
      [...document.querySelectorAll('[data-testid="alert"]')].map(
        (el) => [el.getAttribute('data-severity') ?? '', (el.textContent ?? '').replace(/[\u2068\u2069]/g, '')] as [string, string],
      ),
    null,
  );
}

export async function waitForAlert(popup: TestPage, severity: string, text: RegExp): Promise<void> {
  await popup.waitFor(
    `a ${severity} alert matching ${text}`,
    ({ severity, source, flags }) => {
      const re = new RegExp(source, flags);
      return [...document.querySelectorAll('[data-testid="alert"]')].some(
        // Page text in KeyWatch's sentences is isolated (FSI … PDI): invisible, so left out of the match.
        (el) => el.getAttribute('data-severity') === severity && re.test((el.textContent ?? '').replace(/[\u2068\u2069]/g, '')),
      );
    },
    { severity, source: text.source, flags: text.flags },
    20_000,
  );
}

/** The in-page banner: present, closed to the page, and on top of the page's content. */
export async function bannerState(page: TestPage): Promise<{ present: boolean; closed: boolean; onTop: boolean; count: number }> {
  return page.evaluate(() => {
    const host = document.querySelector('[data-keywatch="banner"]');
    const top = document.elementFromPoint(5, 5);
    const count = document.querySelectorAll('[data-keywatch="banner"]').length;
    return { present: !!host?.isConnected, closed: !!host && host.shadowRoot === null, onTop: !!host && top === host, count };
  }, null);
}

/** Clicks "Mark as verified" once it is there: it comes with the safety number, which is computed after the person opens. */
export async function clickMarkVerified(page: TestPage): Promise<void> {
  await page.waitFor('the mark-verified button', () => !!document.querySelector('[data-testid="mark-verified"]'), null, 20_000);
  await page.click('[data-testid="mark-verified"]');
}

/** Acknowledges every open critical alert from an extension page, as the records page would; how many there were. */
export async function acknowledgeCriticalAlerts(browser: ExtensionBrowser): Promise<number> {
  const open = Object.entries(await readLocalStore(browser))
    .filter(([key]) => key.startsWith('v1/alert/'))
    .map(([, record]) => record as { id: string; severity?: string; state?: string; lastRaised: number })
    .filter((alert) => alert.severity === 'critical' && alert.state === 'open');
  for (const alert of open) {
    const reply = await sendFromExtension(browser, 'trust/acknowledge', { alertId: alert.id, lastRaised: alert.lastRaised });
    if (reply?.ok !== true) throw new Error(`acknowledging ${alert.id}: ${JSON.stringify(reply)}`);
  }
  return open.length;
}
