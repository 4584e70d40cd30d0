// axe-core reports no violation on any KeyWatch page, in the light and the
// dark theme (the pages follow the system theme; the browser is launched with
// each). Pages are checked in the states people see: the popup's list and a
// person's detail, the verify page for a person (and after a mismatch) and for
// the group, the options page with a contact's history open, the about and welcome pages.
// Load times (navigation start to content shown) are recorded on the way.
import assert from 'node:assert/strict';
import type { BrowserName, ExtensionBrowser, TestPage } from '../harness';
import type { E2ETest } from '../test-api';
import { openConversationAs } from '../verify/pages';
import { axeViolations, carol, describeViolations, loadTimes, recordLoadTimes, renderedScheme } from './support';

interface PageCheck {
  name: string;
  path: (tabId: number) => string;
  /** The mark the page sets when its content is shown (null: a static page, shown when its script has run). */
  mark: string | null;
  ready: string;
  /** Brings the page to a further state to check as well. */
  then?: { name: string; act: (page: TestPage) => Promise<void> };
}

const PAGES: PageCheck[] = [
  {
    name: 'popup',
    path: (tab) => `popup.html?tab=${tab}`,
    mark: 'keywatch:first-rows',
    ready: '[data-testid="participant"]',
    then: {
      name: 'popup, person detail',
      act: async (page) => {
        await page.click('[data-testid="participant"][data-id="carol"]');
        await page.waitFor('the detail', () => !!document.querySelector('[data-testid="detail"]'), undefined);
      },
    },
  },
  {
    name: 'verify, person',
    path: (tab) => `verify.html?tab=${tab}&contact=bob`,
    mark: 'keywatch:content-shown',
    ready: '[data-testid="qr"]',
    then: {
      name: 'verify, person, after a mismatch',
      act: async (page) => {
        await page.click('[data-testid="mode-typed"]');
        await page.fill('[data-testid="typed-input"]', '1'.repeat(60));
        await page.waitFor('the mismatch', () => !!document.querySelector('[data-testid="mismatch"]'), undefined);
      },
    },
  },
  { name: 'verify, group', path: (tab) => `verify.html?tab=${tab}&group=1`, mark: 'keywatch:content-shown', ready: '[data-testid="qr"]' },
  {
    name: 'options',
    path: () => 'options.html',
    mark: 'keywatch:content-shown',
    ready: '[data-testid="contact"]',
    then: {
      name: 'options, history open',
      act: async (page) => {
        await page.click('[data-testid="contact"][data-id="carol"] summary');
        await page.waitFor('the history', () => !!document.querySelector('[data-testid="contact-history"]'), undefined);
      },
    },
  },
  { name: 'about', path: () => 'about.html', mark: null, ready: 'h1' },
  { name: 'welcome', path: () => 'welcome.html', mark: null, ready: 'h1' },
];

async function checkAll(
  browser: ExtensionBrowser,
  browserName: BrowserName,
  tabId: number,
  scheme: 'light' | 'dark',
  artifacts: string,
): Promise<string[]> {
  const failures: string[] = [];
  const times: Array<Record<string, unknown>> = [];
  for (const check of PAGES) {
    const page = await browser.openExtensionPage(check.path(tabId));
    await page.waitFor(`${check.name} to show its content`, (sel) => !!document.querySelector(sel), check.ready, 20_000);
    times.push({ page: check.name, ...(await loadTimes(page, check.mark)) });
    assert.equal(await renderedScheme(page), scheme, `${check.name} renders in the ${scheme} theme`);
    const where = `[${browserName}, ${scheme}] ${check.name}`;
    const violations = await axeViolations(page);
    if (violations.length > 0) failures.push(describeViolations(where, violations));
    if (check.then) {
      await check.then.act(page);
      const more = await axeViolations(page);
      if (more.length > 0) failures.push(describeViolations(`[${browserName}, ${scheme}] ${check.then.name}`, more));
    }
    await page.close();
  }
  recordLoadTimes(artifacts, `${browserName}-${scheme}`, times);
  console.log(
    `     load times [${browserName}, ${scheme}] (ms, navigation start to content shown): ${times.map((t) => `${t.page} ${t.contentShown}`).join(', ')}`,
  );
  return failures;
}

export const tests: E2ETest[] = (['light', 'dark'] as const).map((scheme) => ({
  name: `a11y: axe finds no violation on any page (${scheme} theme)`,
  async run({ pool, server, browser: browserName, artifacts }) {
    const browser = await pool.launch(`a11y-${scheme}`, { colorScheme: scheme });
    const { tabId } = await openConversationAs(browser, server, 'alice', true, [carol]);
    const failures = await checkAll(browser, browserName, tabId, scheme, artifacts);
    assert.equal(failures.length, 0, `axe violations:\n${failures.join('\n')}`);
  },
}));
