import { browser } from './browser';

export async function setBadge(text: string, color: string, title: string): Promise<void> {
  await browser.action.setBadgeText({ text });
  if (text) await browser.action.setBadgeBackgroundColor({ color });
  await browser.action.setTitle({ title });
}

export async function getBadgeText(): Promise<string> {
  return browser.action.getBadgeText({});
}
