// Which message of a counted family to show. Each counted message has one key
// per plural category of its language (`popupDevices_one`, `popupDevices_few`,
// `popupDevices_other`…), chosen by that language's CLDR rules (Intl.PluralRules),
// so a translator can give every form their language has: English needs `_one`
// and `_other`, Russian `_one`, `_few`, `_many` and `_other`, Arabic all six.

/** The CLDR plural categories, in CLDR's order. */
export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];

/**
 * The message key for `count`: the category its language's rules give, or
 * `_other` when the messages have no form for that category (every language
 * has `other`, so a family always has it).
 */
export function pluralMessageKey(base: string, count: number, rules: Intl.PluralRules, has: (key: string) => boolean): string {
  const key = `${base}_${rules.select(count)}`;
  return has(key) ? key : `${base}_other`;
}

/** The plural rules of a language tag, or English's when the tag is not one Intl knows. */
export function pluralRulesFor(locale: string): Intl.PluralRules {
  try {
    return new Intl.PluralRules(locale);
  } catch {
    return new Intl.PluralRules('en');
  }
}
