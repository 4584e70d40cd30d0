// The mark a frame's own copy of the Matrix page script leaves on its window is one any page script can set too. A
// page that reaches a new frame without contentWindow (window.frames[i]) and sets it first must not keep the frame's
// own copy from reading it: only its parent's copy steps aside.
import assert from 'node:assert/strict';
import type { E2ETest } from '../test-api';
import { keysQueryFor, USERS } from '../../src/adapters/matrix/testing/real-room';
import { api, serve } from '../matrix/stand-in-client';
import { ALICE, BOB, expectGhostFromFrame, firstSight } from '../matrix/first-sight';

async function run(context: Parameters<E2ETest['run']>[0], variant: 'blank' | 'src', mark = true): Promise<void> {
  const roomId = `!marker${variant}${mark}:keywatch.test`;
  const { page, popup, room } = await firstSight(context, `marker-${variant}-${mark}`, roomId, [ALICE, BOB]);
  serve(context.server, api.keysQuery, keysQueryFor(room.bob));
  const src = context.server.publish(`/matrix/marker-${variant}-${mark}-frame.html`, '<!doctype html><title>f</title><p>frame</p>');
  const diag = await page.evaluate(
    async ({ path, bob, src, variant, mark }) => {
      const marker = Symbol.for('keywatch.matrix-observed');
      const frame = document.createElement('iframe');
      if (variant === 'src') frame.src = src;
      const loaded = new Promise((resolve) => (frame.onload = resolve));
      document.body.append(frame);
      const index = window.frames.length - 1;
      const w = window.frames[index] as any;
      const markedBefore = Object.getOwnPropertyDescriptor(w, marker) !== undefined;
      let defined = false;
      try {
        if (!mark) throw new Error('control');
        Object.defineProperty(w, marker, { value: true });
        defined = true;
      } catch {
        // already KeyWatch's
      }
      if (variant === 'src') await loaded;
      else await new Promise((resolve) => setTimeout(resolve, 1000));
      const now = window.frames[index] as any;
      const fetchNative = Function.prototype.toString.call(now.fetch).includes('[native code]');
      const response = await now.fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ device_keys: { [bob]: [] } }),
      });
      const body = await response.json();
      return {
        markedBefore,
        defined,
        markedAfter: Object.getOwnPropertyDescriptor(now, marker) !== undefined,
        fetchNative,
        href: now.location.href,
        devices: Object.keys(body.device_keys[bob]).length,
      };
    },
    { path: api.keysQuery, bob: USERS.bob, src, variant, mark },
  );
  console.log(`[${context.browser}] ${variant} mark=${mark}: ${JSON.stringify(diag)}`);
  assert.equal(diag.devices, 3, 'the page got the ghost device');
  await expectGhostFromFrame(popup, diag);
}

export const tests: E2ETest[] = [
  { name: 'matrix frames, a mark the page sets: about:blank frame marked by the page through window.frames', run: (c) => run(c, 'blank') },
  {
    name: 'matrix frames, a mark the page sets: same-origin src frame marked by the page through window.frames before it loads',
    run: (c) => run(c, 'src'),
  },
];
