import { browser } from './browser';

export async function setBadge(text: string, color: string, title: string): Promise<void> {
  await browser.action.setBadgeText({ text });
  if (text) await browser.action.setBadgeBackgroundColor({ color });
  await browser.action.setTitle({ title });
}

export async function getBadgeText(): Promise<string> {
  return browser.action.getBadgeText({});
}

/** A mark on one tab's badge, over the count every tab shows; `null` text takes it off again. */
export async function markTabBadge(tabId: number, text: string | null, color: string, title: string | null): Promise<void> {
  // Both browsers take null as "this tab follows the badge of all tabs again"; the typings only know strings.
  await browser.action.setBadgeText({ tabId, text: text as string });
  if (text) await browser.action.setBadgeBackgroundColor({ tabId, color });
  await browser.action.setTitle({ tabId, title: title as string });
}
