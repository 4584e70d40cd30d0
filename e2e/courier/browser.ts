// Plain browsers for Courier's own tests (no extension). In Chromium, one
// context per person, so each has its own IndexedDB like a separate profile.

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser } from 'puppeteer-core';
import { browserExecutable } from '../harness/paths';
import { COURIER_TEST_IDS as T, inPage } from '../../demo/testing';
import type { PageDisclosureV1 } from '../../src/adapters/page-protocol/protocol';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchPlainChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: browserExecutable('chromium'), headless: true, args: ARGS });
}

/** Firefox over WebDriver BiDi (Playwright cannot drive Debian's Firefox). */
export async function launchPlainFirefox(): Promise<PuppeteerBrowser> {
  return puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', executablePath: browserExecutable('firefox'), headless: true });
}

export const byTestId = (id: string) => `[data-testid="${id}"]`;

/** A person in their own browser context, on Courier. */
export class Person {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(browser: Browser, courierUrl: string): Promise<Person> {
    const context = await browser.newContext();
    const page = await context.newPage();
    // A failure inside the page must fail the test, not pass unseen.
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${courierUrl}/`);
    const person = new Person(context, page);
    person.errors = errors;
    return person;
  }

  errors: string[] = [];

  /** Signs up through the form, as a person would. */
  async signUp(user: string, name: string): Promise<void> {
    await this.page.fill(byTestId(T.signupUser), user);
    await this.page.fill(byTestId(T.signupName), name);
    await this.page.click(`${byTestId(T.signupForm)} button[type="submit"]`);
    await this.page.waitForSelector(byTestId(T.newChatButton));
  }

  /** Signs up by script (faster, same result). */
  async signUpQuickly(user: string, name = user): Promise<void> {
    await this.page.evaluate(inPage.signUp, { user, name });
  }

  async disclosure(): Promise<PageDisclosureV1> {
    const text = await this.page.evaluate(inPage.readDisclosure);
    if (text === null) throw new Error('the page has no disclosure element');
    return JSON.parse(text) as PageDisclosureV1;
  }

  /** Polls the disclosure until `check` holds; returns it and how long that took. */
  async disclosureWhen(
    what: string,
    check: (d: PageDisclosureV1) => boolean,
    timeoutMs = 5_000,
  ): Promise<{ disclosure: PageDisclosureV1; ms: number }> {
    const started = Date.now();
    for (;;) {
      // The element is absent while the page loads (and after sign-out).
      const text = await this.page.evaluate(inPage.readDisclosure);
      const disclosure = text === null ? null : (JSON.parse(text) as PageDisclosureV1);
      if (disclosure && check(disclosure)) return { disclosure, ms: Date.now() - started };
      if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${text}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
