// Every translation in public/_locales says what English says: the same keys
// (counted messages with exactly the plural forms of the translation's own
// language), the same placeholders, no empty text, and each safety-critical term
// of docs/glossary.md in the words that glossary fixes for the language.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLURAL_CATEGORIES } from './plural-key';

type Messages = Record<string, { message: string; description?: string; placeholders?: Record<string, { content: string }> }>;

const root = resolve(import.meta.dirname, '../..');
const localesDir = join(root, 'public/_locales');
const read = (locale: string): Messages => JSON.parse(readFileSync(join(localesDir, locale, 'messages.json'), 'utf8'));
const english = read('en');
const translations = readdirSync(localesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'en')
  .map((e) => e.name)
  .sort();

const pluralSuffix = new RegExp(`_(${PLURAL_CATEGORIES.join('|')})$`);
const countedBases = new Set(
  Object.keys(english)
    .filter((key) => pluralSuffix.test(key))
    .map((key) => key.replace(pluralSuffix, '')),
);
const plainKeys = Object.keys(english).filter((key) => !pluralSuffix.test(key));

/** `$1`, `$2`… and `$name$`, sorted: what a translation must keep. `$$` is a literal dollar sign. */
function placeholders(text: string): string[] {
  return [...text.replace(/\$\$/g, '').matchAll(/\$(?:\d|[A-Za-z_][A-Za-z0-9_]*\$)/g)].map((m) => m[0]).sort();
}
const unique = (list: string[]) => [...new Set(list)].sort();

/** The glossary table: one row per term, English first, then one column per locale (a cell lists forms split by " / "). */
function parseGlossary(markdown: string): { locales: string[]; terms: Array<{ english: string[]; forms: Record<string, string[]> }> } {
  const rows = markdown
    .split('\n')
    .filter((line) => line.trim().startsWith('|'))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim()),
    );
  const [header, separator, ...body] = rows;
  if (!header || !separator || !separator.every((cell) => /^:?-+:?$/.test(cell))) throw new Error('docs/glossary.md has no markdown table');
  const locales = header.slice(1);
  const split = (cell: string) =>
    cell
      .split(' / ')
      .map((form) => form.trim())
      .filter(Boolean);
  return {
    locales,
    terms: body.map((cells) => ({
      english: split(cells[0] ?? ''),
      forms: Object.fromEntries(locales.map((locale, i) => [locale, split(cells[i + 1] ?? '')])),
    })),
  };
}

const glossary = parseGlossary(readFileSync(join(root, 'docs/glossary.md'), 'utf8'));
const mentions = (text: string, englishForms: string[]) =>
  englishForms.some((form) => new RegExp(`\\b${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(text));

describe('translations', () => {
  it('exist beside English, each with a glossary column, and the glossary has the required terms', () => {
    expect(translations.length).toBeGreaterThan(0);
    expect([...glossary.locales].sort()).toEqual(translations);
    const terms = glossary.terms.map((term) => term.english[0]);
    for (const required of ['safety number', 'verified', 'verify', 'identity key', 'device', 'ghost device', 'trust on first use']) {
      expect(terms, required).toContain(required);
    }
    for (const required of ['acknowledge', 'group number', 'critical', 'warning']) expect(terms, required).toContain(required);
  });

  describe.each(translations)('%s', (locale) => {
    const messages = read(locale);
    const tag = messages['messagesLocale']?.message ?? '';
    const categories = (() => {
      try {
        return new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
      } catch {
        return [];
      }
    })();

    it('names its own language in messagesLocale', () => {
      expect(tag.replace(/-/g, '_')).toBe(locale);
      expect(new Intl.PluralRules(tag).resolvedOptions().locale.split('-')[0]).toBe(tag.split('-')[0]);
    });

    it("has exactly English's keys, counted messages with its own language's plural forms", () => {
      const expected = [...plainKeys, ...[...countedBases].flatMap((base) => categories.map((category) => `${base}_${category}`))].sort();
      const actual = Object.keys(messages).sort();
      expect(
        expected.filter((key) => !actual.includes(key)),
        'missing',
      ).toEqual([]);
      expect(
        actual.filter((key) => !expected.includes(key)),
        'not in English',
      ).toEqual([]);
    });

    it('keeps the placeholders of every message and leaves none empty', () => {
      const wrong: string[] = [];
      for (const [key, value] of Object.entries(messages)) {
        expect(value.message.trim().length, key).toBeGreaterThan(0);
        const source = english[key] ?? english[key.replace(pluralSuffix, '_other')];
        if (!source) continue; // reported by the key test
        if (unique(placeholders(value.message)).join() !== unique(placeholders(source.message)).join())
          wrong.push(`${key}: ${value.message}`);
        expect(value.placeholders ?? null, `${key} placeholders`).toEqual(source.placeholders ?? null);
      }
      expect(wrong).toEqual([]);
    });

    it('uses the glossary words wherever English uses a glossary term', () => {
      const unmatched: string[] = [];
      for (const term of glossary.terms) {
        const forms = term.forms[locale] ?? [];
        expect(forms.length, `${term.english[0]} has a ${locale} form`).toBeGreaterThan(0);
        for (const [key, value] of Object.entries(messages)) {
          const source = english[key] ?? english[key.replace(pluralSuffix, '_other')];
          if (!source || !mentions(source.message, term.english)) continue;
          if (!forms.some((form) => value.message.toLowerCase().includes(form.toLowerCase()))) {
            unmatched.push(`${key} (${term.english[0]} → ${forms.join(' / ')}): ${value.message}`);
          }
        }
      }
      expect(unmatched).toEqual([]);
    });
  });
});
