import { browser } from './browser';
import { extensionUrl } from './runtime';

export async function notify(id: string, title: string, message: string): Promise<void> {
  await browser.notifications.create(id, {
    type: 'basic',
    iconUrl: extensionUrl('icons/icon-128.png'),
    title,
    message,
  });
}

export async function clearNotification(id: string): Promise<void> {
  await browser.notifications.clear(id);
}

/** Registered at the top level of the background, so a stopped worker woken by a click finds it. */
export function onNotificationClicked(listener: (id: string) => void): void {
  browser.notifications.onClicked.addListener((id) => listener(id));
}
