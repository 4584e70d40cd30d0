// `npm run screenshots`: pictures of KeyWatch for the README, taken from the
// real built extension in Chromium on Courier (the reference messenger): the
// popup of a group conversation and of the account holder herself, the welcome
// page, the verify page for one person and for the group, a typed mismatch, the
// options page, and an alert — the server adds a ghost device to Bob's account
// and KeyWatch raises it on the page and in the popup. Then the popup, verify
// page and banner in Persian and Arabic (screenshots-rtl.ts).
// Writes docs/screenshots/*.png, with the dev build (it reads Courier's local
// pages). `--no-build` makes it from the store build already in dist/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { applyAttack, createUser, inPage, startCourier } from '../demo/testing';
import { browserExecutable } from '../e2e/harness/paths';
import { writeDevBuilds } from './build/dev-build';
import { shootRightToLeft } from './screenshots-rtl';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'docs/screenshots');
const extension = join(root, 'dist-dev/chrome');

if (!process.argv.includes('--no-build')) {
  const build = spawnSync('npx', ['vite', 'build', '--mode', 'dev'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
} else writeDevBuilds(root);
mkdirSync(out, { recursive: true });

/** What the script reads of the extension's per-tab state (in its service worker). */
interface SessionApi {
  chrome: { storage: { session: { get(keys: null): Promise<Record<string, { conversationKey?: string | null }>> } } };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  console.log(`docs/screenshots/${name}.png`);
}

async function extensionPage(
  context: BrowserContext,
  origin: string,
  path: string,
  width: number,
  height: number,
  ready: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(origin + path);
  await page.waitForSelector(ready, { timeout: 20_000 });
  return page;
}

const courier = await startCourier({ port: 0 });
const profile = mkdtempSync(join(tmpdir(), 'keywatch-screenshots-'));
let context: BrowserContext | null = null;
const sessions: Array<{ close(): void }> = [];
try {
  const bob = await createUser(courier.url, 'bob', 'Bob');
  const carol = await createUser(courier.url, 'carol', 'Carol');
  sessions.push(bob, carol);
  context = await chromium.launchPersistentContext(profile, {
    executablePath: browserExecutable('chromium'),
    headless: true,
    colorScheme: 'light',
    viewport: { width: 1100, height: 720 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
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
  await carol.send(group, 'Yes, I will bring my phone.');
  await messenger.evaluate(inPage.openConversation, group);

  const tabId = await until('the conversation in KeyWatch', async () => {
    const session = await worker.evaluate(() => (globalThis as unknown as SessionApi).chrome.storage.session.get(null));
    const entry = Object.entries(session).find(([key, value]) => key.startsWith('tab/') && value?.conversationKey);
    return entry ? Number(entry[0].slice(4)) : null;
  });

  const popup = await extensionPage(context, origin, `popup.html?tab=${tabId}`, 420, 560, '[data-testid="participant"]');
  await shoot(popup, 'popup', false);

  // The account holder: "You", her devices with this browser's marked, keys as Courier prints them.
  const you = await extensionPage(context, origin, `popup.html?tab=${tabId}`, 420, 600, '[data-testid="participant"][data-id="alice"]');
  await you.click('[data-testid="participant"][data-id="alice"]');
  await you.waitForSelector('[data-testid="this-is-you"]');
  await shoot(you, 'popup-you', false);
  await you.close();

  const welcome = await extensionPage(context, origin, 'welcome.html', 900, 800, 'h1');
  await shoot(welcome, 'welcome');
  await welcome.close();

  const verify = await extensionPage(context, origin, `verify.html?tab=${tabId}&contact=bob`, 1100, 800, '[data-testid="qr"]');
  await shoot(verify, 'verify');
  await verify.click('[data-testid="mode-typed"]');
  const digits = (await verify.getAttribute('[data-testid="safety-number"]', 'data-digits'))!;
  const misread = digits.slice(0, 27) + String((Number(digits[27]) + 3) % 10) + digits.slice(28);
  await verify.fill('[data-testid="typed-input"]', misread.match(/\d{5}/g)!.join(' '));
  await verify.waitForSelector('[data-testid="mismatch"]');
  await shoot(verify, 'verify-mismatch');

  const groupVerify = await extensionPage(context, origin, `verify.html?tab=${tabId}&group=1`, 1100, 800, '[data-testid="qr"]');
  await shoot(groupVerify, 'verify-group');

  // The attack: the server adds a device to Bob's account that his identity key never signed.
  await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob', signedBy: 'none' });
  await messenger.bringToFront();
  await until('the in-page banner', async () => messenger.evaluate(() => !!document.querySelector('[data-keywatch="banner"]')));
  await messenger.waitForTimeout(300);
  await shoot(messenger, 'alert-banner', false);
  await popup.bringToFront();
  await popup.reload();
  await popup.waitForSelector('[data-testid="alert"][data-severity="critical"]', { timeout: 20_000 });
  await shoot(popup, 'popup-alert', false);

  const options = await extensionPage(context, origin, 'options.html', 1100, 900, '[data-testid="contact"]');
  await options.click('[data-testid="contact"][data-id="bob"] summary');
  await options.waitForSelector('[data-testid="contact"][data-id="bob"] [data-testid="contact-history"]');
  await shoot(options, 'options', false);

  await context.close();
  context = await chromium.launchPersistentContext(profile, {
    executablePath: browserExecutable('chromium'),
    headless: true,
    colorScheme: 'dark',
    viewport: { width: 1100, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
    ],
  });
  const darkOrigin = new URL('/', (context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))).url()).href;
  const dark = await extensionPage(context, darkOrigin, 'options.html', 1100, 700, '[data-testid="contact"]');
  await shoot(dark, 'options-dark', false);
} finally {
  for (const session of sessions) session.close();
  await context?.close();
  await courier.close();
  rmSync(profile, { recursive: true, force: true });
}

// The same extension in Persian and Arabic: right to left, digits and keys left to right.
for (const locale of ['fa', 'ar'] as const) await shootRightToLeft(out, extension, locale);
