// What an alert says, as messages of public/_locales: computed from the alert's
// fields wherever it is shown (stored records hold no text, so every language
// can show every alert), and rendered by the caller's translation function.

import { RULES, type AlertKind } from '../rules';
import type { AlertFields } from '../rules/fields';
import type { AlertText, Message } from '../rules/message';

export function alertMessage(alert: AlertFields & { rule: AlertKind; occurrences?: number }): AlertText {
  return RULES[alert.rule].text(alert);
}

/** A message as text: nested messages first, then `translate` (the browser's i18n, or a test's) fills $1…$9. */
export function renderMessage(m: Message, translate: (key: string, args: string[]) => string): string {
  return translate(
    m.key,
    m.args.map((arg) => (typeof arg === 'string' ? arg : renderMessage(arg, translate))),
  );
}
