// Chromium with the unpacked extension, driven by Playwright over CDP.
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { browserExecutable, HIDDEN_EXTENSION_PAGE } from './paths';
import { pollUntil } from './poll';
import type { ExtensionBrowser, LaunchOptions, TestPage } from './types';

export const QUIET_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-quic',
];

export function wrapPage(page: Page): TestPage {
  const evaluate: TestPage['evaluate'] = (fn, arg) => page.evaluate(fn as any, arg) as any;
  return {
    url: () => page.url(),
    goto: async (url) => {
      await page.goto(url);
    },
    evaluate,
    waitFor: (what, fn, arg, timeoutMs) => pollUntil(what, () => evaluate(fn, arg), timeoutMs),
    click: (selector) => page.click(selector),
    fill: (selector, text) => page.fill(selector, text),
    press: (key) => page.keyboard.press(key),
    screenshot: async (path) => {
      await page.screenshot({ path, fullPage: true });
    },
    close: () => page.close(),
  };
}

async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
}

export async function launchChromium(options: LaunchOptions): Promise<ExtensionBrowser> {
  const context = await chromium.launchPersistentContext(options.profileDir, {
    executablePath: browserExecutable('chromium'),
    headless: true,
    ...(options.acceptInsecureCerts ? { ignoreHTTPSErrors: true } : {}),
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
    ...(options.chromiumEnv ? { env: { ...process.env, ...options.chromiumEnv } } : {}),
    args: [
      ...QUIET_ARGS,
      ...(options.chromiumArgs ?? []),
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
    ],
  });
  const worker = await serviceWorker(context);
  const extensionOrigin = new URL('/', worker.url()).href;
  const requests: string[] = [];
  context.on('request', (request) => {
    const fromWorker = request.serviceWorker() !== null;
    let frameUrl = '';
    try {
      frameUrl = request.frame().url();
    } catch {
      /* service-worker requests have no frame */
    }
    if ((fromWorker || frameUrl.startsWith(extensionOrigin)) && !request.url().startsWith(extensionOrigin)) {
      requests.push(request.url());
    }
  });

  let helperPage: TestPage | null = null;
  const openExtensionPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(extensionOrigin + path);
    return wrapPage(page);
  };
  const inExtension: ExtensionBrowser['inExtension'] = async (fn, arg) => {
    helperPage ??= await openExtensionPage(HIDDEN_EXTENSION_PAGE);
    return helperPage.evaluate(fn, arg);
  };

  return {
    name: 'chromium',
    extensionOrigin,
    newPage: async (url) => {
      const page = await context.newPage();
      await page.goto(url);
      return wrapPage(page);
    },
    openExtensionPage,
    inExtension,
    badgeText: () => inExtension(() => (globalThis as any).chrome.action.getBadgeText({}) as Promise<string>, null),
    extensionRequests: () => [...requests],
    stopBackground: async ({ wokenAtOnce = false } = {}) => {
      // Closing the worker's target is what Chromium does to an idle worker: its memory is gone;
      // the next event (a message from a page) starts it again from the top of the script.
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      const ours = async () =>
        (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(extensionOrigin));
      const running = await ours();
      if (running.length === 0) throw new Error('no service worker was running');
      for (const target of running) await cdp.send('Target.closeTarget', { targetId: target.targetId });
      const stopped = new Set(running.map((t) => t.targetId));
      const gone = pollUntil(
        'the service worker to stop',
        async () => (await ours()).every((t) => !stopped.has(t.targetId)),
        wokenAtOnce ? 3_000 : 10_000,
      );
      // Woken again at once, the worker comes back under the same id, perhaps before it is seen gone: closed is enough.
      await (wokenAtOnce ? gone.catch(() => undefined) : gone);
      await cdp.detach();
    },
    backgroundHeap: async () => {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      try {
        const worker = (await cdp.send('Target.getTargets')).targetInfos.find(
          (t) => t.type === 'service_worker' && t.url.startsWith(extensionOrigin),
        );
        if (!worker) throw new Error('no service worker is running');
        return await withWorkerSession(cdp, worker.targetId, async (send) => {
          await send('HeapProfiler.collectGarbage');
          return ((await send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
        });
      } finally {
        await cdp.detach();
      }
    },
    close: () => context.close(),
  };
}

type WorkerSend = (method: string, params?: object) => Promise<unknown>;

/**
 * Talks to a worker target through a page's CDP session (Playwright opens sessions on
 * pages and frames only): attached without flattening, each command goes in a
 * Target.sendMessageToTarget and its reply comes back in Target.receivedMessageFromTarget.
 */
async function withWorkerSession<T>(cdp: CDPSession, targetId: string, use: (send: WorkerSend) => Promise<T>): Promise<T> {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  const pending = new Map<number, { ok: (value: unknown) => void; fail: (error: Error) => void }>();
  let next = 0;
  const listener = (event: { sessionId?: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const waiting = reply.id === undefined ? undefined : pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id!);
    if (reply.error) waiting.fail(new Error(reply.error.message));
    else waiting.ok(reply.result);
  };
  cdp.on('Target.receivedMessageFromTarget', listener);
  const send: WorkerSend = (method, params = {}) =>
    new Promise((ok, fail) => {
      const id = ++next;
      pending.set(id, { ok, fail });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(fail);
    });
  try {
    return await use(send);
  } finally {
    cdp.off('Target.receivedMessageFromTarget', listener);
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}
