// Every user-facing string comes from _locales: each key the code asks for
// exists in English, each dynamic family covers every value it can take, and
// no English message is left unused.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVICE_VOUCHES } from '../core/roster';
import { ACKNOWLEDGED_BY, ALERT_STATES, SEVERITIES, TRUST_STATES, VERIFICATION_METHODS } from '../core/trust';
import { GAP_KIND_NAMES } from '../view/coverage';
import { NOT_CHECKED_KINDS, STANDINGS } from '../view/standing';
import { BANNER_HIDDEN_REASONS } from '../messages';
import { PLURAL_CATEGORIES, pluralRulesFor } from './plural-key';

const root = resolve(import.meta.dirname, '../..');
const messages: Record<string, { message: string }> = JSON.parse(readFileSync(join(root, 'public/_locales/en/messages.json'), 'utf8'));
const manifest = readFileSync(join(root, 'manifest.json'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !e.name.includes('.test.'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}
const code = sources(join(root, 'src')).join('\n');
const underscore = (value: string) => value.replace(/-/g, '_');

// Counted messages (`tn('popupDevices', n)`): one key per plural category, `popupDevices_one`…
const counted = new Set(
  [...code.matchAll(/\btn\(\s*(?:'([A-Za-z0-9_]+)'|[^,]*\? '([A-Za-z0-9_]+)' : '([A-Za-z0-9_]+)')/g)].flatMap((m) =>
    m.slice(1).filter(Boolean),
  ),
);
const pluralSuffix = new RegExp(`_(${PLURAL_CATEGORIES.join('|')})$`);

// Messages chosen by a value the code holds (`trust_${state}`): each family covers every value of its constant.
const families: Record<string, readonly string[]> = {
  trust_: TRUST_STATES,
  severity_: SEVERITIES,
  standing_: STANDINGS,
  coverageGap_: GAP_KIND_NAMES,
  coverageReason_: NOT_CHECKED_KINDS.filter((kind) => kind !== 'gap'),
  alertState_: ALERT_STATES,
  closedBy_: ACKNOWLEDGED_BY,
  vouch_: DEVICE_VOUCHES,
  method_: VERIFICATION_METHODS,
  bannerHidden_: BANNER_HIDDEN_REASONS,
};

describe('locales', () => {
  it('has every static key the code uses', () => {
    const used = new Set<string>();
    for (const m of code.matchAll(/\b(?:t|i18n)\('([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
    for (const base of counted) used.add(`${base}_other`);
    for (const m of manifest.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) used.add(m[1]!);
    const missing = [...used].filter((key) => !(key in messages));
    expect(missing).toEqual([]);
  });

  it('covers every value of each dynamic family', () => {
    for (const [prefix, values] of Object.entries(families)) {
      expect(code.includes(prefix), `${prefix} is used`).toBe(true);
      expect(values.length, prefix).toBeGreaterThan(0);
      for (const value of values) expect(messages, `${prefix}${value}`).toHaveProperty(prefix + underscore(value));
    }
  });

  it('uses Chrome-compatible key names and non-empty messages', () => {
    for (const [key, value] of Object.entries(messages)) {
      expect(key).toMatch(/^[A-Za-z0-9_]+$/);
      expect(value.message.trim().length).toBeGreaterThan(0);
    }
  });

  it('gives every counted message each plural form of the language, with the same placeholders', () => {
    expect(counted.size).toBeGreaterThan(10);
    const locale = messages['messagesLocale']!.message;
    const categories = pluralRulesFor(locale).resolvedOptions().pluralCategories;
    expect(categories).toContain('other');
    for (const base of counted) {
      const forms = categories.map((category) => messages[`${base}_${category}`]?.message);
      expect(
        forms.every((form) => form !== undefined),
        `${base}: ${categories.join(', ')}`,
      ).toBe(true);
      const placeholders = forms.map((form) => [...new Set(form!.match(/\$\d/g))].sort().join());
      expect(new Set(placeholders).size, `${base} has the same placeholders in every form`).toBe(1);
      expect(messages, `${base} is only counted`).not.toHaveProperty(base);
    }
  });

  it('never says "1 notices": English singular forms are singular', () => {
    for (const base of counted) {
      const one = messages[`${base}_one`]!.message;
      expect(one, base).not.toMatch(/\(s\)/);
      expect(messages[`${base}_other`]!.message, base).not.toMatch(/\(s\)/);
    }
    expect(Object.values(messages).filter((m) => /\(s\)/.test(m.message))).toEqual([]);
  });

  it('leaves no message unused', () => {
    const unused = Object.keys(messages).filter(
      (key) =>
        !code.includes(`'${key}'`) &&
        !counted.has(key.replace(pluralSuffix, '')) &&
        !manifest.includes(`__MSG_${key}__`) &&
        !Object.keys(families).some((prefix) => key.startsWith(prefix)) &&
        !/^(about(Does|DoesNot)\d)$/.test(key),
    );
    expect(unused).toEqual([]);
  });
});
