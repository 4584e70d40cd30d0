// Every user-facing string comes from _locales through these functions.
import { hasI18nMessage, i18n } from '../platform/runtime';
import { pluralMessageKey, pluralRulesFor } from './plural-key';

export function t(key: string, ...substitutions: Array<string | number>): string {
  return i18n(key, substitutions.map(String));
}

let rules: Intl.PluralRules | null = null;

/**
 * A counted message: `key_one`, `key_few`, `key_other`… chosen by the plural
 * rules of the language the messages are in (the `messagesLocale` message, so a
 * browser whose language KeyWatch lacks gets English words with English rules).
 * `$1` is the count unless other substitutions are given.
 */
export function tn(key: string, count: number, ...substitutions: Array<string | number>): string {
  rules ??= pluralRulesFor(t('messagesLocale'));
  return t(pluralMessageKey(key, count, rules, hasI18nMessage), ...(substitutions.length > 0 ? substitutions : [count]));
}
