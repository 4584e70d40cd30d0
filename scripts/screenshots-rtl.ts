// The right-to-left pictures for the README: the popup with a critical alert,
// the verify page and the in-page banner, with Chromium in Persian or Arabic.
// Each language gets its own Courier and its own browser profile: Bob's account
// already carries a device his identity key never signed when Alice first opens
// the group, so the alert is there from the start.
// Run on its own (`npx tsx scripts/screenshots-rtl.ts`) it takes only these, from the
// store build already in dist/, as `npm run screenshots -- --no-build` would.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { applyAttack, createUser, inPage, startCourier } from '../demo/testing';
import { browserExecutable } from '../e2e/harness/paths';
import { writeDevBuilds } from './build/dev-build';

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function shoot(page: Page, out: string, name: string, fullPage: boolean): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  console.log(`docs/screenshots/${name}.png`);
}

/** Takes popup-<locale>.png, verify-<locale>.png and alert-banner-<locale>.png. */
export async function shootRightToLeft(out: string, extension: string, locale: 'fa' | 'ar'): Promise<void> {
  const courier = await startCourier({ port: 0 });
  const profile = mkdtempSync(join(tmpdir(), `keywatch-screenshots-${locale}-`));
  const sessions: Array<{ close(): void }> = [];
  let context: BrowserContext | null = null;
  try {
    const bob = await createUser(courier.url, 'bob', 'Bob');
    const carol = await createUser(courier.url, 'carol', 'Carol');
    sessions.push(bob, carol);
    await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob', signedBy: 'none' });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browserExecutable('chromium'),
      headless: true,
      colorScheme: 'light',
      viewport: { width: 1100, height: 720 },
      // Chromium on Linux takes its interface language from LANGUAGE; --lang alone is not enough.
      env: { ...process.env, LANGUAGE: locale },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--lang=${locale}`,
        `--disable-extensions-except=${extension}`,
        `--load-extension=${extension}`,
      ],
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const origin = new URL('/', worker.url()).href;

    const messenger = await context.newPage();
    await messenger.goto(`${courier.url}/`);
    await messenger.evaluate(inPage.signUp, { user: 'alice', name: 'Alice' });
    const group = await bob.createGroup('Design team', ['alice', 'carol']);
    await bob.send(group, "Shall we compare our safety numbers at Thursday's meeting?");
    await messenger.evaluate(inPage.openConversation, group);
    await until('the in-page banner', async () => messenger.evaluate(() => !!document.querySelector('[data-keywatch="banner"]')));
    await messenger.waitForTimeout(300);
    await shoot(messenger, out, `alert-banner-${locale}`, false);

    const tabId = await until('the conversation in KeyWatch', async () => {
      const session = await worker.evaluate(() =>
        (
          globalThis as unknown as {
            chrome: { storage: { session: { get(k: null): Promise<Record<string, { conversationKey?: string }>> } } };
          }
        ).chrome.storage.session.get(null),
      );
      const entry = Object.entries(session).find(([key, value]) => key.startsWith('tab/') && value?.conversationKey);
      return entry ? Number(entry[0].slice(4)) : null;
    });

    const popup = await context.newPage();
    await popup.setViewportSize({ width: 420, height: 600 });
    await popup.goto(`${origin}popup.html?tab=${tabId}`);
    await popup.waitForSelector('[data-testid="alert"][data-severity="critical"]', { timeout: 20_000 });
    await shoot(popup, out, `popup-${locale}`, false);

    const verify = await context.newPage();
    await verify.setViewportSize({ width: 1100, height: 800 });
    await verify.goto(`${origin}verify.html?tab=${tabId}&contact=bob`);
    await verify.waitForSelector('[data-testid="qr"]', { timeout: 20_000 });
    await shoot(verify, out, `verify-${locale}`, true);
  } finally {
    for (const session of sessions) session.close();
    await context?.close();
    await courier.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(import.meta.dirname, '..');
  writeDevBuilds(root);
  const out = join(root, 'docs/screenshots');
  mkdirSync(out, { recursive: true });
  for (const locale of ['fa', 'ar'] as const) await shootRightToLeft(out, join(root, 'dist-dev/chrome'), locale);
}
