// A browser on a test profile without the extension: for a client that ran
// before KeyWatch was installed, the same profile later launched with it
// (BrowserPool.launch with the same profile name).

import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { QUIET_ARGS, wrapPage as wrapChromiumPage } from './chromium';
import { wrapPage as wrapFirefoxPage } from './firefox';
import { browserExecutable } from './paths';
import type { BrowserName, TestPage } from './types';

export interface ProfileBrowser {
  newPage(url: string): Promise<TestPage>;
  close(): Promise<void>;
}

export async function launchWithoutExtension(name: BrowserName, profileDir: string): Promise<ProfileBrowser> {
  if (name === 'chromium') {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: browserExecutable('chromium'),
      headless: true,
      args: QUIET_ARGS,
    });
    return {
      newPage: async (url) => {
        const page = await context.newPage();
        await page.goto(url);
        return wrapChromiumPage(page);
      },
      close: () => context.close(),
    };
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: browserExecutable('firefox'),
    headless: true,
    userDataDir: profileDir,
    extraPrefsFirefox: { 'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false },
  });
  return {
    newPage: async (url) => {
      const page = wrapFirefoxPage(await browser.newPage(), false);
      await page.goto(url);
      return page;
    },
    close: () => browser.close(),
  };
}
