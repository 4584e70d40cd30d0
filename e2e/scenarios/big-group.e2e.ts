// A big group: the popup lists people with open alerts first, sends the first
// rows ahead of the whole view, and the filter, the detail and the counts work
// on the whole conversation once it is in.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, safetyNumberShown, selectPerson, tabIdFor } from '../support/extension';
import type { E2ETest } from '../test-api';

const MEMBERS = 300;
const GHOSTED = 'member-250';

function roster(withGhost: boolean): string {
  const people: ParticipantSpec[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    people.push({
      id: `member-${i}`,
      name: `Member ${i}`,
      identity: ed25519Pair(`big-${i}`),
      devices: [{ id: 'd1', key: curve25519Pair(`big-${i}-d1`, 32) }],
    });
  }
  if (withGhost) people[250]!.devices.push({ id: 'ghost', key: curve25519Pair('big-ghost', 32), signer: null });
  return JSON.stringify(disclosureOf('member-0', people));
}

export const tests: E2ETest[] = [
  {
    name: 'big group: people with alerts listed first, the first rows sent ahead, filter and detail over all 300',
    async run({ pool, server }) {
      const browser = await pool.launch('big');
      const url = server.publish('/big-group.html', disclosurePage('Big group', JSON.parse(roster(false))));
      const page = await browser.newPage(url);
      const tabId = await tabIdFor(browser, url);
      await page.evaluate((text) => (window as any).setDisclosure(text), roster(true));
      await pollUntil('the ghost device on the badge', async () => (await browser.badgeText()) === '1');

      const popup = await openPopupFor(browser, url);
      await popup.waitFor(
        'the ghosted member listed first',
        (id) => document.querySelector('[data-testid="participant"]')?.getAttribute('data-id') === id,
        GHOSTED,
        20_000,
      );
      assert.match(await popup.evaluate(() => document.getElementById('people-title')?.textContent ?? '', null), /\b300\b/);
      // The list the user first sees stays the same element when the whole view replaces the first rows (focus and scroll survive).
      await popup.evaluate(() => {
        (document.querySelector('[data-testid="participants"]') as any).keywatchFirstSeen = true;
      }, null);

      // The first rows as the background sends them: display order, the account holder included, the full count.
      const start = await popup.evaluate(async (tab) => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        const reply = await api.runtime.sendMessage({ type: 'view/tab-start', request: { tabId: tab, rows: 24 } });
        return { ok: reply.ok, count: reply.start.participantCount, ids: reply.start.firstRows.map((r: { id: string }) => r.id) };
      }, tabId);
      assert.equal(start.ok, true);
      assert.equal(start.count, MEMBERS);
      assert.deepEqual(start.ids.slice(0, 3), [GHOSTED, 'member-0', 'member-1']);
      assert.equal(start.ids.length, 24, 'the account holder is among the first rows already');

      // The filter works over everyone, not only the first rows.
      await popup.waitFor(
        'the filter ready',
        () => (document.querySelector('[data-testid="filter"]') as HTMLInputElement | null)?.disabled === false,
        null,
        20_000,
      );
      assert.equal(
        await popup.evaluate(() => (document.querySelector('[data-testid="participants"]') as any)?.keywatchFirstSeen === true, null),
        true,
        'the list was not rebuilt',
      );
      await popup.fill('[data-testid="filter"]', 'member-299');
      await popup.waitFor(
        'one match',
        () => [...document.querySelectorAll('[data-testid="participant"]')].map((el) => el.getAttribute('data-id')).join() === 'member-299',
        null,
        20_000,
      );
      await selectPerson(popup, 'member-299');
      assert.match(await safetyNumberShown(popup), /^\d{60}$/);
    },
  },
];
