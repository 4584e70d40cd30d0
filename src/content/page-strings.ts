// The extension's strings as the content script shows them, each looked up once.
// In Chrome every i18n.getMessage from a content script costs about a
// millisecond of the page's thread, and the banner is drawn again after every
// report; the strings cannot change while the page lives (the browser's
// language is fixed for the extension's lifetime), so they are kept.
import { i18n } from '../platform/runtime';

const looked = new Map<string, string>();

export function pageString(key: string, substitution?: string): string {
  // Message keys are identifiers; "\n" cannot occur in one.
  const id = substitution === undefined ? key : `${key}\n${substitution}`;
  let text = looked.get(id);
  if (text === undefined) {
    text = i18n(key, substitution);
    // The substitution is a count of alerts: few distinct values.
    if (looked.size < 256) looked.set(id, text);
  }
  return text;
}
