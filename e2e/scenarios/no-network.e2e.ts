// The extension sends no network request: its pages' policy forbids
// connections, the built bundles contain no networking call, and while it
// watches a page the server sees requests from that page only.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extensionDirs } from '../harness/paths';
import { openPopupFor, waitForPeople } from '../support/extension';
import { applyAttack, createUser, openConversation, signedInPage, startCourier } from '../support/courier';
import type { E2ETest } from '../test-api';

const NETWORK_APIS =
  /\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|RTCPeerConnection)\s*\(|new\s+(XMLHttpRequest|WebSocket|EventSource)\b/;

function scripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name));
}

export const tests: E2ETest[] = [
  {
    name: 'no network request: the policy blocks it and none is made while watching',
    async run({ pool, browser: browserName }) {
      const dir = extensionDirs[browserName];
      for (const file of scripts(dir)) {
        const match = NETWORK_APIS.exec(readFileSync(file, 'utf8'));
        assert.equal(match, null, `${file} calls a network API: ${match?.[0]}`);
      }
      const courier = await startCourier({ port: 0 });
      const bob = await createUser(courier.url, 'bob', 'Bob');
      try {
        const browser = await pool.launch('network');
        // An extension page cannot connect anywhere, even to the local server.
        const blocked = await browser.inExtension(async (url) => {
          try {
            await fetch(url);
            return 'fetched';
          } catch (error) {
            return `blocked: ${String(error).slice(0, 60)}`;
          }
        }, `${courier.url}/`);
        assert.match(blocked, /^blocked/);

        const page = await signedInPage(browser, courier, 'alice', 'Alice');
        await openConversation(page, await bob.createDirect('alice'));
        const popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 2);
        await applyAttack(courier.url, { kind: 'ghost-device', user: 'bob' });
        await popup.waitFor('the alert', () => document.querySelectorAll('[data-testid="alert"]').length > 0, null, 20_000);
        assert.deepEqual(browser.extensionRequests(), []);
      } finally {
        bob.close();
        await courier.close();
      }
    },
  },
];
