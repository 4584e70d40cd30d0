import { browser } from './browser';
import { extensionUrl } from './runtime';

export async function activeTabId(): Promise<number | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Every open tab's id, in every window. */
export async function openTabIds(): Promise<number[]> {
  return (await browser.tabs.query({})).flatMap((tab) => (tab.id === undefined ? [] : [tab.id]));
}

export async function openExtensionPage(path: string): Promise<void> {
  await browser.tabs.create({ url: extensionUrl(path) });
}

export function onTabRemoved(listener: (tabId: number) => void): void {
  browser.tabs.onRemoved.addListener((tabId) => listener(tabId));
}

/** The tab's address, or undefined where the browser does not tell it: a site KeyWatch has no access to. */
export async function tabAddress(tabId: number): Promise<string | undefined> {
  return (await browser.tabs.get(tabId).catch(() => undefined))?.url;
}

/** Sends to the tab's content scripts: every frame's, or one frame's (0 is the top frame). */
export async function sendToTab(tabId: number, message: unknown, frameId?: number): Promise<unknown> {
  return frameId === undefined ? browser.tabs.sendMessage(tabId, message) : browser.tabs.sendMessage(tabId, message, { frameId });
}

/**
 * Calls back when a tab starts or finishes loading a document, or its address
 * changes. Needs no "tabs" permission: the address is given only for pages
 * KeyWatch may read (measured in Chromium 156 and Firefox ESR 153), and it is
 * not needed here.
 */
export function onTabNavigated(listener: (tabId: number) => void): void {
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status !== undefined || change.url !== undefined) listener(tabId);
  });
}
