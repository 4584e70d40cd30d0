import { describe, expect, it } from 'vitest';
import { pluralMessageKey, pluralRulesFor } from './plural-key';

const family = (base: string, categories: string[]) => {
  const keys = new Set(categories.map((c) => `${base}_${c}`));
  return (key: string) => keys.has(key);
};

describe('pluralMessageKey', () => {
  it('gives English one form for 1 and another for every other count', () => {
    const has = family('devices', ['one', 'other']);
    const en = pluralRulesFor('en');
    expect(pluralMessageKey('devices', 1, en, has)).toBe('devices_one');
    for (const n of [0, 2, 5, 11, 21, 101, 1000]) expect(pluralMessageKey('devices', n, en, has)).toBe('devices_other');
  });

  it("follows each language's own categories, so a translator can give every form", () => {
    const ru = pluralRulesFor('ru');
    const hasRu = family('devices', ['one', 'few', 'many', 'other']);
    expect([1, 21, 2, 3, 24, 5, 11, 12, 0].map((n) => pluralMessageKey('devices', n, ru, hasRu))).toEqual([
      'devices_one',
      'devices_one',
      'devices_few',
      'devices_few',
      'devices_few',
      'devices_many',
      'devices_many',
      'devices_many',
      'devices_many',
    ]);
    const ar = pluralRulesFor('ar');
    const hasAr = family('devices', ['zero', 'one', 'two', 'few', 'many', 'other']);
    expect([0, 1, 2, 3, 11, 100].map((n) => pluralMessageKey('devices', n, ar, hasAr))).toEqual([
      'devices_zero',
      'devices_one',
      'devices_two',
      'devices_few',
      'devices_many',
      'devices_other',
    ]);
  });

  it('falls back to the other form when the messages lack a category', () => {
    const ru = pluralRulesFor('ru');
    expect(pluralMessageKey('devices', 3, ru, family('devices', ['one', 'other']))).toBe('devices_other');
  });

  it('uses English rules for a tag Intl does not know', () => {
    expect(pluralRulesFor('not a language tag').resolvedOptions().locale).toBe('en');
  });
});
