// Test helpers that ask the extension what it knows, the way its own pages do.
import type { ExtensionBrowser, TestPage } from '../harness';
import { pollUntil } from '../harness';

/** The id of the tab showing `url`, from the background's per-tab state. */
export async function tabIdFor(browser: ExtensionBrowser, url: string): Promise<number> {
  return pollUntil(`the extension to see ${url}`, async () => {
    const session = await browser.inExtension(async () => {
      const api = (globalThis as any).browser ?? (globalThis as any).chrome;
      return api.storage.session.get(null) as Promise<Record<string, { url?: string }>>;
    }, null);
    const entry = Object.entries(session).find(([key, value]) => key.startsWith('tab/') && value?.url === url);
    return entry ? Number(entry[0].slice(4)) : 0;
  }, 20_000);
}

export async function openPopupFor(browser: ExtensionBrowser, url: string): Promise<TestPage> {
  const tabId = await tabIdFor(browser, url);
  return browser.openExtensionPage(`popup.html?tab=${tabId}`);
}

export async function participantNames(popup: TestPage): Promise<string[]> {
  return popup.evaluate(() => [...document.querySelectorAll('[data-testid="participant"] .name')].map((el) => el.textContent ?? ''), null);
}

export async function readLocalStore(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  return browser.inExtension(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return api.storage.local.get(null) as Promise<Record<string, unknown>>;
  }, null);
}
