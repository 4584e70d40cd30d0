// The router decides who is speaking before anything else runs. Tested with the
// sender facts the browser would set; the handlers are recorders.
import { describe, expect, it, vi } from 'vitest';
import { PAGE_PROTOCOL_LIMITS } from '../adapters/page-protocol/protocol';
import type { MessageType } from '../messages';
import { createRouter, type Handlers } from './router';

const self = { id: 'keywatch', origin: 'chrome-extension://keywatch/' };
const contentScript = { id: 'keywatch', url: 'http://127.0.0.1:8480/', tab: { id: 7 }, frameId: 0 };
const subFrame = { ...contentScript, frameId: 3 };
const sameOriginFrame = {
  ...subFrame,
  url: 'about:blank',
  origin: 'http://127.0.0.1:8480',
  tab: { id: 7, url: 'http://127.0.0.1:8480/#/room/!r:x' },
};
const extensionPage = { id: 'keywatch', url: 'chrome-extension://keywatch/popup.html' };
const otherExtension = { id: 'someone-else', url: 'chrome-extension://someone-else/page.html' };

function setup() {
  const calls: Array<{ type: MessageType; request: unknown; tabId: number | null }> = [];
  const record = (type: MessageType) =>
    vi.fn(async (request: unknown, context: { tabId: number | null }) => {
      calls.push({ type, request, tabId: context.tabId });
      return { ok: true } as never;
    });
  const handlers = {
    'page/disclosure': record('page/disclosure'),
    'page/nothing': record('page/nothing'),
    'page/banner-hidden': record('page/banner-hidden'),
    'trust/mark-verified': record('trust/mark-verified'),
    'trust/acknowledge': record('trust/acknowledge'),
    'view/tab': record('view/tab'),
    'view/tab-start': record('view/tab-start'),
  } as unknown as Handlers;
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  return {
    route: createRouter(
      handlers,
      () => self,
      async () => {},
    ),
    calls,
  };
}

const verify = {
  type: 'trust/mark-verified',
  request: {
    origin: 'http://127.0.0.1:8480',
    account: 'alice',
    contactId: 'bob',
    key: { algorithm: 'ed25519', key: 'AAAA' },
    method: 'typed',
  },
};
const acknowledge = { type: 'trust/acknowledge', request: { alertId: '0123456789abcdef0123456789abcdef', lastRaised: 1 } };
const disclosure = { type: 'page/disclosure', request: { adapter: 'page-protocol', text: '{}', skipped: 0 } };

describe('router', () => {
  it('never lets a content script change trust', async () => {
    const { route, calls } = setup();
    for (const message of [verify, acknowledge]) {
      const reply = (await route(message, contentScript)) as { ok: boolean; reason: string };
      expect(reply.ok).toBe(false);
      expect(reply.reason).toMatch(/not accepted from this sender/);
    }
    expect(calls).toEqual([]);
  });

  it('lets extension pages change trust, and only them', async () => {
    const { route, calls } = setup();
    expect(await route(verify, extensionPage)).toEqual({ ok: true });
    expect(await route(acknowledge, extensionPage)).toEqual({ ok: true });
    expect(await route(verify, otherExtension)).toMatchObject({ ok: false });
    expect(calls.map((c) => c.type)).toEqual(['trust/mark-verified', 'trust/acknowledge']);
  });

  it('shows the trust store to extension pages only', async () => {
    const { route, calls } = setup();
    const start = { type: 'view/tab-start', request: { tabId: 3, rows: 24 } };
    for (const message of [{ type: 'view/tab', request: { tabId: 3 } }, start]) {
      expect(await route(message, contentScript)).toMatchObject({ ok: false });
      expect(await route(message, extensionPage)).toEqual({ ok: true });
    }
    for (const rows of [0, 201, 1.5, '24'])
      expect(await route({ ...start, request: { tabId: 3, rows } }, extensionPage)).toMatchObject({ ok: false });
    expect(calls.map((c) => c.type)).toEqual(['view/tab', 'view/tab-start']);
  });

  it('takes reports from top-frame content scripts only, with their tab', async () => {
    const { route, calls } = setup();
    expect(await route(disclosure, contentScript)).toEqual({ ok: true });
    expect(await route(disclosure, subFrame)).toMatchObject({ ok: false });
    expect(await route(disclosure, extensionPage)).toMatchObject({ ok: false });
    expect(calls).toEqual([{ type: 'page/disclosure', request: disclosure.request, tabId: 7 }]);
  });

  it("takes a hidden-banner report from the top frame's content script only, with one of the known reasons", async () => {
    const { route, calls } = setup();
    const hidden = { type: 'page/banner-hidden', request: { reason: 'covered' } };
    expect(await route(hidden, contentScript)).toEqual({ ok: true });
    for (const sender of [subFrame, sameOriginFrame, extensionPage, otherExtension])
      expect(await route(hidden, sender)).toMatchObject({ ok: false });
    for (const reason of ['all-clear', '', 7, null])
      expect(await route({ ...hidden, request: { reason } }, contentScript)).toMatchObject({ ok: false });
    expect(calls).toEqual([{ type: 'page/banner-hidden', request: { reason: 'covered' }, tabId: 7 }]);
  });

  it("takes a Matrix observation from a same-origin child frame, for its tab's top document, and nothing else from it", async () => {
    const calls: Array<{ senderUrl: string; fromFrame: boolean; document: string | null }> = [];
    const route = createRouter(
      {
        'page/matrix-observed': async (_request: unknown, context: { senderUrl: string; fromFrame: boolean; document: string | null }) => {
          calls.push({ senderUrl: context.senderUrl, fromFrame: context.fromFrame, document: context.document });
          return { ok: true, banner: null };
        },
      } as unknown as Handlers,
      () => self,
      async () => {},
    );
    const observed = {
      type: 'page/matrix-observed',
      request: {
        kind: 'view',
        roomId: null,
        complete: false,
        body: '',
        openRoom: null,
        clientUserId: null,
        clientDeviceId: null,
        lastRoomId: null,
        excludeInsecureDevices: false,
        skipped: 0,
      },
      document: '0123456789abcdef0123456789abcdef',
    };
    expect(await route(observed, sameOriginFrame)).toEqual({ ok: true, banner: null });
    expect(calls).toEqual([{ senderUrl: 'http://127.0.0.1:8480/#/room/!r:x', fromFrame: true, document: null }]);
    expect(await route(observed, { ...sameOriginFrame, origin: 'http://127.0.0.2:8480' })).toMatchObject({ ok: false });
    for (const message of [disclosure, verify, acknowledge]) expect(await route(message, sameOriginFrame)).toMatchObject({ ok: false });
    expect(await route(observed, contentScript)).toEqual({ ok: true, banner: null });
    expect(calls[1]).toEqual({ senderUrl: contentScript.url, fromFrame: false, document: observed.document });
  });

  it('refuses unknown and malformed messages before any handler runs', async () => {
    const { route, calls } = setup();
    const refusals = [
      null,
      42,
      'page/disclosure',
      {},
      { type: 'toString' },
      { type: '__proto__' },
      { type: 'trust/acknowledge', request: { alertId: 'not-an-id' } },
      { type: 'trust/mark-verified', request: { ...verify.request, method: 'guessed' } },
      {
        type: 'page/disclosure',
        request: { adapter: 'page-protocol', text: 'x'.repeat(PAGE_PROTOCOL_LIMITS.maxTextLength + 1), skipped: 0 },
      },
      { type: 'page/disclosure', request: { adapter: 'other', text: '{}', skipped: 0 } },
    ];
    for (const message of refusals) {
      const sender = (message as { type?: string } | null)?.type?.startsWith('page/') ? contentScript : extensionPage;
      const reply = (await route(message, sender)) as { ok: boolean; reason: string };
      expect(reply.ok).toBe(false);
      expect(reply.reason.length).toBeGreaterThan(0);
    }
    expect(calls).toEqual([]);
  });

  it('runs a handler once what its type waits for is ready, asked only for messages it takes', async () => {
    const waiting = new Map<MessageType, () => void>();
    const asked: MessageType[] = [];
    const ran: MessageType[] = [];
    const route = createRouter(
      {
        'page/disclosure': async () => (ran.push('page/disclosure'), { ok: true, banner: [] }),
        'view/tab': async () => (ran.push('view/tab'), { ok: true }),
      } as unknown as Handlers,
      () => self,
      (type) => {
        asked.push(type);
        return new Promise<void>((resolve) => waiting.set(type, resolve));
      },
    );
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const view = route({ type: 'view/tab', request: { tabId: 1 } }, extensionPage);
    const report = route(disclosure, contentScript);
    expect(await route(disclosure, extensionPage)).toMatchObject({ ok: false });
    expect(asked).toEqual(['view/tab', 'page/disclosure']);
    waiting.get('page/disclosure')!();
    await report;
    expect(ran).toEqual(['page/disclosure']);
    waiting.get('view/tab')!();
    await view;
    expect(ran).toEqual(['page/disclosure', 'view/tab']);
  });

  it('turns a failing handler into a refusal with its reason', async () => {
    const { route } = setup();
    const failing = createRouter(
      {
        'view/tab': async () => {
          throw new Error('storage unavailable');
        },
      } as unknown as Handlers,
      () => self,
      async () => {},
    );
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await failing({ type: 'view/tab', request: { tabId: 1 } }, extensionPage)).toEqual({
      ok: false,
      failed: true,
      reason: 'view/tab failed: storage unavailable',
    });
    expect(route).toBeTypeOf('function');
  });
});
