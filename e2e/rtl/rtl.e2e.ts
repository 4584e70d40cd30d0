// KeyWatch in a right-to-left language, in the browser's own way of choosing
// one (support/locale.ts): the popup and the verify page are in that language,
// their root says dir=rtl and the layout is mirrored, while the 60 digits, keys
// and device ids still read left to right, the first group left of the second.
// axe finds no violation on either page in that state.
import assert from 'node:assert/strict';
import type { ExtensionBrowser, TestPage } from '../harness';
import { axeViolations, carol, describeViolations } from '../a11y/support';
import { localeLaunchOptions, localeMessages, RTL_LOCALES } from '../support/locale';
import type { E2ETest } from '../test-api';
import { openConversationAs, openVerify } from '../verify/pages';

interface PageLanguage {
  lang: string;
  dir: string;
  bodyDirection: string;
  text: string;
}

const pageLanguage = (page: TestPage) =>
  page.evaluate(
    (): PageLanguage => ({
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      bodyDirection: getComputedStyle(document.body).direction,
      text: document.body.innerText,
    }),
    null,
  );

interface DigitsLayout {
  direction: string;
  groups: number;
  firstLeft: number;
  secondLeft: number;
  sameRow: boolean;
}

/** How the safety-number grid is laid out: its direction, and where its first two groups are. */
const digitsLayout = (page: TestPage) =>
  page.evaluate((): DigitsLayout | null => {
    const grid = document.querySelector('[data-testid="safety-number"]');
    const items = grid ? [...grid.querySelectorAll('li')] : [];
    if (!grid || items.length < 2) return null;
    const [first, second] = items.map((li) => li.getBoundingClientRect());
    return {
      direction: getComputedStyle(grid).direction,
      groups: items.length,
      firstLeft: first!.left,
      secondLeft: second!.left,
      sameRow: Math.abs(first!.top - second!.top) < 2,
    };
  }, null);

/** The computed direction of every element matching `selector` (keys, device ids). */
const directions = (page: TestPage, selector: string) =>
  page.evaluate((sel) => [...document.querySelectorAll(sel)].map((el) => getComputedStyle(el).direction), selector);

function assertRightToLeft(where: string, shown: PageLanguage, tag: string, sample: string): void {
  assert.equal(shown.dir, 'rtl', `${where}: dir on the root`);
  assert.equal(shown.lang, tag, `${where}: lang on the root`);
  assert.equal(shown.bodyDirection, 'rtl', `${where}: the body lays out right to left`);
  assert.ok(shown.text.includes(sample), `${where} is in the locale's words ("${sample}")`);
}

function assertDigitsLeftToRight(where: string, layout: DigitsLayout | null): void {
  assert.ok(layout, `${where}: the safety number is shown`);
  assert.equal(layout.groups, 12, `${where}: 12 groups`);
  assert.equal(layout.direction, 'ltr', `${where}: the digits are laid out left to right`);
  assert.ok(layout.sameRow, `${where}: the first two groups share a row`);
  assert.ok(layout.firstLeft < layout.secondLeft, `${where}: group 1 (x=${layout.firstLeft}) is left of group 2 (x=${layout.secondLeft})`);
}

async function checkAxe(page: TestPage, where: string, failures: string[]): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) failures.push(describeViolations(where, violations));
}

async function checkPopup(browser: ExtensionBrowser, tabId: number, locale: string, failures: string[]): Promise<void> {
  const messages = localeMessages(locale);
  const tag = messages['messagesLocale']!;
  const where = `[${browser.name}, ${locale}] popup`;
  const popup = await browser.openExtensionPage(`popup.html?tab=${tabId}`);
  await popup.waitFor('the people', () => document.querySelectorAll('[data-testid="participant"]').length >= 3, null, 20_000);
  await popup.waitFor('the ghost-device alert', () => !!document.querySelector('[data-testid="alert"][data-severity="critical"]'), null);
  assertRightToLeft(where, await pageLanguage(popup), tag, messages['popupRecords']!);
  // Mirrored: an alert's thick border is on its inline start, the right side.
  const borders = await popup.evaluate(() => {
    const alert = getComputedStyle(document.querySelector('[data-testid="alert"]')!);
    return { right: alert.borderRightWidth, left: alert.borderLeftWidth };
  }, null);
  assert.deepEqual(borders, { right: '4px', left: '1px' }, `${where}: the alert's accent border is on the right`);
  await checkAxe(popup, where, failures);

  await popup.click('[data-testid="participant"][data-id="carol"]');
  await popup.waitFor('the detail', () => !!document.querySelector('[data-testid="detail"] [data-testid="safety-number"]'), null);
  assertDigitsLeftToRight(`${where}, person detail`, await digitsLayout(popup));
  for (const direction of await directions(
    popup,
    '[data-testid="identity-key"], [data-testid="device-key"], [data-testid="device"] .mono',
  )) {
    assert.equal(direction, 'ltr', `${where}: keys and device ids read left to right`);
  }
  await checkAxe(popup, `${where}, person detail`, failures);
  await popup.close();
}

async function checkVerify(browser: ExtensionBrowser, tabId: number, locale: string, failures: string[]): Promise<void> {
  const messages = localeMessages(locale);
  const where = `[${browser.name}, ${locale}] verify`;
  const verify = await openVerify(browser, `tab=${tabId}&contact=bob`);
  assertRightToLeft(where, await pageLanguage(verify), messages['messagesLocale']!, messages['verifyHowTitle']!);
  assertDigitsLeftToRight(where, await digitsLayout(verify));
  await checkAxe(verify, where, failures);

  await verify.click('[data-testid="mode-typed"]');
  await verify.fill('[data-testid="typed-input"]', '1'.repeat(60));
  await verify.waitFor('the mismatch', () => !!document.querySelector('[data-testid="mismatch"]'), null);
  assert.deepEqual(await directions(verify, '[data-testid="typed-input"]'), ['ltr'], `${where}: the typed number reads left to right`);
  await checkAxe(verify, `${where}, after a mismatch`, failures);
  await verify.close();
}

export const tests: E2ETest[] = RTL_LOCALES.map((locale) => ({
  name: `rtl: popup and verify page in ${locale} are right to left, the digits left to right, and axe finds no violation`,
  async run({ pool, server, browser: browserName }) {
    const browser = await pool.launch(`rtl-${locale}`, localeLaunchOptions(browserName, locale));
    const { tabId } = await openConversationAs(browser, server, 'alice', true, [carol]);
    const failures: string[] = [];
    await checkPopup(browser, tabId, locale, failures);
    await checkVerify(browser, tabId, locale, failures);
    assert.equal(failures.length, 0, `axe violations:\n${failures.join('\n')}`);
  },
}));
