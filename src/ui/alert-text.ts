// What an alert says, in the browser's language: the core gives the message
// keys and values (alertMessage), the locale's messages give the words. Used
// wherever an alert is shown: popup, records page, banner and notifications.
import { alertMessage, renderMessage, type AlertDraft, type Message } from '../core/trust';
import { t } from './i18n';

export function messageText(message: Message): string {
  return renderMessage(message, (key, args) => t(key, ...args));
}

export function alertText(alert: AlertDraft): { summary: string; accepts: string } {
  const { summary, accepts } = alertMessage(alert);
  return { summary: messageText(summary), accepts: messageText(accepts) };
}
