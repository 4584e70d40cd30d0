// Putting a browser in another language, each in its own way. Chromium takes the
// interface language from `--lang`. Firefox shows extensions in its own app
// language, which needs that language's language pack (Debian's
// firefox-esr-l10n-<lang>, installed beside the browser, see .ci/run) and the
// `intl.locale.requested` preference.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserName, LaunchOptions } from '../harness';
import { repoRoot } from '../harness/paths';

/** The right-to-left languages KeyWatch has messages in. */
export const RTL_LOCALES = ['fa', 'ar'] as const;

export function localeLaunchOptions(
  browser: BrowserName,
  locale: string,
): Pick<LaunchOptions, 'chromiumArgs' | 'chromiumEnv' | 'firefoxPrefs'> {
  return browser === 'chromium'
    ? { chromiumArgs: [`--lang=${locale}`], chromiumEnv: { LANGUAGE: locale } }
    : { firefoxPrefs: { 'intl.locale.requested': locale, 'extensions.langpacks.signatures.required': false } };
}

/** A locale's messages, key to text. */
export function localeMessages(locale: string): Record<string, string> {
  const file = JSON.parse(readFileSync(join(repoRoot, 'public/_locales', locale, 'messages.json'), 'utf8')) as Record<
    string,
    { message: string }
  >;
  return Object.fromEntries(Object.entries(file).map(([key, value]) => [key, value.message]));
}
