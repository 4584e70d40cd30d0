// A frame's fetch wrapped by its parent's copy of the Matrix page script, before the frame's own copy ran (Firefox
// 140 runs it a moment late; Chromium reuses the window a same-origin frame starts with): the address may be a URL or
// a Request of the frame's own realm (matrix-js-sdk passes a URL to fetch), which the parent's constructors do not
// recognise, and the response must be read all the same.
import assert from 'node:assert/strict';
import type { E2ETest } from '../test-api';
import { keysQueryFor, USERS } from '../../src/adapters/matrix/testing/real-room';
import { api, serve } from '../matrix/stand-in-client';
import { ALICE, BOB, expectGhostFromFrame, firstSight } from '../matrix/first-sight';

type Variant = 'blank-url' | 'blank-request' | 'blank-string' | 'src-url' | 'src-string';

async function run(context: Parameters<E2ETest['run']>[0], variant: Variant): Promise<void> {
  const roomId = `!realm${variant}:keywatch.test`;
  const { page, popup, room } = await firstSight(context, `realm-${variant}`, roomId, [ALICE, BOB]);
  serve(context.server, api.keysQuery, keysQueryFor(room.bob));
  const src = context.server.publish(`/matrix/realm-${variant}-frame.html`, '<!doctype html><title>f</title><p>frame</p>');
  const diag = await page.evaluate(
    async ({ path, bob, src, variant }) => {
      const marker = Symbol.for('keywatch.matrix-observed');
      const frame = document.createElement('iframe');
      if (variant.startsWith('src')) frame.src = src;
      const loaded = new Promise((resolve) => (frame.onload = resolve));
      document.body.append(frame);
      // The page holds the frame's window at once, as a client that talks to its frame does.
      const early = frame.contentWindow as any;
      const markedEarly = Object.getOwnPropertyDescriptor(early, marker) !== undefined;
      if (variant.startsWith('src')) await loaded;
      else await new Promise((resolve) => setTimeout(resolve, 1500));
      const w = frame.contentWindow as any;
      const init = {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ device_keys: { [bob]: [] } }),
      };
      const absolute = new URL(path, location.href).href;
      const response =
        variant === 'blank-request'
          ? await w.fetch(new w.Request(absolute, init))
          : variant === 'blank-string' || variant === 'src-string'
            ? await w.fetch(absolute, init)
            : await w.fetch(new w.URL(absolute), init);
      const body = await response.json();
      return {
        markedEarly,
        fetchNative: Function.prototype.toString.call(w.fetch).includes('[native code]'),
        fetchRealmIsTop: w.fetch instanceof Function,
        href: w.location.href,
        devices: Object.keys(body.device_keys[bob]).length,
      };
    },
    { path: api.keysQuery, bob: USERS.bob, src, variant },
  );
  console.log(`[${context.browser}] ${variant}: ${JSON.stringify(diag)}`);
  assert.equal(diag.devices, 3, 'the page got the ghost device');
  await expectGhostFromFrame(popup, diag);
}

export const tests: E2ETest[] = [
  { name: "matrix frames, another realm's address: about:blank frame, fetch(new frame.URL)", run: (c) => run(c, 'blank-url') },
  { name: "matrix frames, another realm's address: about:blank frame, fetch(new frame.Request)", run: (c) => run(c, 'blank-request') },
  {
    name: "matrix frames, another realm's address: same-origin src frame reached before load, fetch(new frame.URL)",
    run: (c) => run(c, 'src-url'),
  },
];
