// The path every feature stands on: page → content script → background →
// storage.local → popup and badge, and storage surviving a browser restart.
import assert from 'node:assert/strict';
import { disclosureOf, ed25519Pair, curve25519Pair } from '../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil } from './harness';
import { disclosurePage } from './support/disclosure-page';
import { openPopupFor, participantNames, readLocalStore } from './support/extension';
import type { E2ETest } from './test-api';

function people() {
  const person = (id: string, name: string) => ({
    id,
    name,
    identity: ed25519Pair(`skeleton-${id}`),
    devices: [{ id: `${id}-laptop`, key: curve25519Pair(`skeleton-${id}-laptop`, 32) }],
  });
  const carol = person('carol', 'Carol');
  // One device that no identity key vouches for, so the badge has something to show.
  carol.devices.push({ id: 'carol-ghost', key: curve25519Pair('skeleton-carol-ghost', 32), signer: null } as never);
  return disclosureOf('alice', [person('alice', 'Alice'), person('bob', 'Bob'), carol]);
}

export const tests: E2ETest[] = [
  {
    name: 'a page’s disclosure reaches the popup and the badge, and survives a restart',
    async run({ pool, server }) {
      const url = server.publish('/skeleton.html', disclosurePage('Skeleton', people()));
      let browser = await pool.launch('skeleton');
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await popup.waitFor('three people in the popup', () => document.querySelectorAll('[data-testid="participant"]').length === 3, null);
      assert.deepEqual((await participantNames(popup)).sort(), ['Alice', 'Bob', 'Carol']);
      const badge = await pollUntil('a badge', () => browser.badgeText());
      assert.equal(badge, '1', 'the badge counts the one device no identity key vouches for');
      const before = await readLocalStore(browser);
      assert.ok(Object.keys(before).length > 0, 'the trust store was written');
      await page.close();
      await browser.close();

      browser = await pool.launch('skeleton');
      const after = await readLocalStore(browser);
      assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort(), 'storage.local survived the restart');
      assert.equal(await pollUntil('the badge recomputed at start-up', () => browser.badgeText()), badge);
      await browser.close();
    },
  },
];
