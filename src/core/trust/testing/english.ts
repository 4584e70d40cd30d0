// Alert text in English for tests, rendered exactly as the browser renders it
// from public/_locales/en/messages.json: i18n.getMessage replaces $1…$9 with
// the values given (a missing one with nothing) and $$ with $. Anything a
// browser would read differently (more than nine values, a $ before anything
// else) fails the test instead, and so does a key the file does not have.
import { readFileSync } from 'node:fs';
import { alertMessage, renderMessage, type AlertDraft, type Message } from '..';

const messages = JSON.parse(readFileSync(new URL('../../../../public/_locales/en/messages.json', import.meta.url), 'utf8')) as Record<
  string,
  { message: string }
>;

export function englishFor(key: string, args: readonly string[]): string {
  const entry = messages[key];
  if (!entry) throw new Error(`no English message ${key}`);
  if (args.length > 9) throw new Error(`${key}: ${args.length} values, a browser takes at most 9`);
  return entry.message.replace(/\$(\$|[1-9])?(\d)?/g, (all, what: string | undefined, extra: string | undefined) => {
    if (what === undefined || extra !== undefined) throw new Error(`${key}: "${all}" reads differently in different browsers`);
    return what === '$' ? '$' : (args[Number(what) - 1] ?? '');
  });
}

export function english(message: Message): string {
  return renderMessage(message, englishFor);
}

/** What an alert says, in English. */
export function englishText(alert: AlertDraft): { summary: string; accepts: string } {
  const { summary, accepts } = alertMessage(alert);
  return { summary: english(summary), accepts: english(accepts) };
}
