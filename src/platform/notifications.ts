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
