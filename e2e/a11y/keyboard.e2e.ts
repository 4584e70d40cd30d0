// Keyboard only: the popup, the verify page and the options page are used with
// Tab, arrows, Enter and Space alone, from opening a person to marking them
// verified, and from opening a contact's history to turning a site off.
import { pollUntil, type TestPage } from '../harness';
import type { E2ETest } from '../test-api';
import { safetyNumberShown } from '../support/extension';
import { contactRecord, openConversationAs, openVerify } from '../verify/pages';

/** Presses Tab until the focused element matches `selector`; fails if it is never reached. */
async function tabTo(page: TestPage, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`${selector} was not reached with Tab in ${max} presses`);
}

export const tests: E2ETest[] = [
  {
    name: 'a11y: keyboard alone opens a person, compares by typing, marks verified, opens a history and turns a site off',
    async run({ pool, server }) {
      const browser = await pool.launch('keyboard');
      const { tabId, url } = await openConversationAs(browser, server, 'alice');

      // Popup: reach Bob, open him, reach the link to the verify page.
      const popup = await browser.openExtensionPage(`popup.html?tab=${tabId}`);
      await popup.waitFor('the people', () => !!document.querySelector('[data-testid="participant"][data-id="bob"]'), undefined, 20_000);
      await tabTo(popup, '[data-testid="participant"][data-id="bob"]');
      await popup.press('Enter');
      await popup.waitFor("Bob's detail", () => !!document.querySelector('[data-testid="detail"]'), undefined);
      await tabTo(popup, '[data-testid="open-verify"]');

      // Verify page: the typed mode by arrow key in the radio group, the number typed, the mark by Enter.
      const verify = await openVerify(browser, `tab=${tabId}&contact=bob`);
      const digits = await safetyNumberShown(verify);
      await tabTo(verify, '[data-testid="mode-scanned"]');
      await verify.press('ArrowRight');
      await verify.waitFor(
        'the typed mode',
        () => (document.querySelector('[data-testid="mode-typed"]') as HTMLInputElement | null)?.checked === true,
        undefined,
      );
      await tabTo(verify, '[data-testid="typed-input"]');
      await verify.fill('[data-testid="typed-input"]', digits);
      await verify.waitFor('the match', () => !!document.querySelector('[data-testid="match"]'), undefined);
      // The result takes the focus, so it is read at once (it may move a frame after the result renders).
      await verify.waitFor(
        'the result to take the focus',
        (sel) => document.activeElement?.matches(sel) ?? false,
        '[data-testid="result"]',
        5_000,
      );
      await tabTo(verify, '[data-testid="mark-verified"]', 5);
      await verify.press('Enter');
      await pollUntil('Bob verified', async () => (await contactRecord(browser, 'bob'))?.trust === 'verified');

      // Options: a contact's history by Enter on its summary; a site off and on by Space.
      const options = await browser.openExtensionPage('options.html');
      await options.waitFor('the contacts', () => !!document.querySelector('[data-testid="contact"][data-id="bob"]'), undefined, 20_000);
      await tabTo(options, '[data-testid="contact"][data-id="bob"] summary');
      await options.press('Enter');
      await options.waitFor(
        "Bob's history",
        () => !!document.querySelector('[data-testid="contact"][data-id="bob"] [data-testid="verification"]'),
        undefined,
      );
      const origin = new URL(url).origin;
      await tabTo(options, `[data-testid="site"][data-origin="${origin}"] [data-testid="site-toggle"]`);
      await options.press(' ');
      await options.waitFor(
        'the site off',
        (o) => document.querySelector(`[data-testid="site"][data-origin="${o}"]`)?.getAttribute('data-enabled') === 'false',
        origin,
      );
      await options.press(' ');
      await options.waitFor(
        'the site on again',
        (o) => document.querySelector(`[data-testid="site"][data-origin="${o}"]`)?.getAttribute('data-enabled') === 'true',
        origin,
      );
    },
  },
];
