// Browsers without the extension, for tests of the demo web apps on their own
// (the Matrix test client). Each person gets an isolated profile (a browser
// context: its own IndexedDB and localStorage); pages are the harness's TestPage.

import { chromium, type Browser as PlaywrightBrowser, type BrowserContext } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type BrowserContext as PuppeteerContext } from 'puppeteer-core';
import { wrapPage as wrapChromiumPage } from './chromium';
import { wrapPage as wrapFirefoxPage } from './firefox';
import { browserExecutable } from './paths';
import type { BrowserName, TestPage } from './types';

export interface PlainPerson {
  newPage(url: string): Promise<TestPage>;
  close(): Promise<void>;
}

export interface PlainBrowser {
  readonly name: BrowserName;
  newPerson(): Promise<PlainPerson>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function chromiumPerson(context: BrowserContext): PlainPerson {
  return {
    newPage: async (url) => {
      const page = await context.newPage();
      await page.goto(url);
      return wrapChromiumPage(page);
    },
    close: () => context.close(),
  };
}

function firefoxPerson(context: PuppeteerContext): PlainPerson {
  return {
    newPage: async (url) => {
      const page = wrapFirefoxPage(await context.newPage(), false);
      await page.goto(url);
      return page;
    },
    close: () => context.close(),
  };
}

export async function launchPlainBrowser(name: BrowserName): Promise<PlainBrowser> {
  if (name === 'chromium') {
    const browser: PlaywrightBrowser = await chromium.launch({
      executablePath: browserExecutable('chromium'),
      headless: true,
      args: CHROMIUM_ARGS,
    });
    return { name, newPerson: async () => chromiumPerson(await browser.newContext()), close: () => browser.close() };
  }
  const browser: PuppeteerBrowser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: browserExecutable('firefox'),
    headless: true,
    extraPrefsFirefox: { 'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false },
  });
  return { name, newPerson: async () => firefoxPerson(await browser.createBrowserContext()), close: () => browser.close() };
}
