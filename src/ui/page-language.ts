// The language and writing direction of a KeyWatch page: the language the
// messages are in, and the browser's direction for its interface language
// (the `@@bidi_dir` predefined message). When KeyWatch has no messages in the
// browser's language it shows English, and English is laid out left to right
// even in a right-to-left browser.
import { i18n } from '../platform/runtime';

export type TextDirection = 'ltr' | 'rtl';

const language = (tag: string) => tag.split(/[-_]/)[0]!.toLowerCase();

/** `rtl` when the browser's interface is right-to-left and the messages are in that language. */
export function messagesDirection(): TextDirection {
  const sameLanguage = language(i18n('messagesLocale')) === language(i18n('@@ui_locale'));
  return sameLanguage && i18n('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr';
}

// Looked up once: the browser's language is fixed for the extension's lifetime, and the
// banner applies it at every draw on the page's thread, where each lookup costs about a
// millisecond in Chrome (see src/content/page-strings.ts).
let looked: { lang: string; dir: TextDirection } | null = null;

/** Sets `lang` and `dir` on a page's root (or on the outermost element of a shadow root). */
export function applyPageLanguage(root: HTMLElement): void {
  looked ??= { lang: i18n('messagesLocale'), dir: messagesDirection() };
  root.lang = looked.lang;
  root.dir = looked.dir;
}
