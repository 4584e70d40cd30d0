// What an alert says, in the browser's language: the core gives the message
// keys and values (alertMessage), the locale's messages give the words. Used
// wherever an alert is shown: popup, records page, banner and notifications.
import { alertMessage, type AlertDraft, type Message } from '../core/trust';
import { t } from './i18n';
import { isolated } from '../core/display/page-text';

/**
 * A message in the browser's language. Every plain-text value in it (page text:
 * names, titles, device ids, and the lines KeyWatch quotes them in) is
 * isolated, so it cannot reorder the sentence around it; nested messages are
 * KeyWatch's own words.
 */
export function messageText(message: Message): string {
  return t(message.key, ...message.args.map((arg) => (typeof arg === 'string' ? isolated(arg) : messageText(arg))));
}

export function alertText(alert: AlertDraft): { summary: string; accepts: string } {
  const { summary, accepts } = alertMessage(alert);
  return { summary: messageText(summary), accepts: messageText(accepts) };
}
