// Scenario 6: two tabs show the same conversation and both change at the same
// moment, each introducing a different new member. The background serializes
// the two updates, so neither member is lost from the trust store.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { readLocalStore, tabIdFor } from '../support/extension';
import type { E2ETest } from '../test-api';

const person = (id: string) => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  identity: ed25519Pair(`tabs-${id}`),
  devices: [{ id: 'd1', key: curve25519Pair(`tabs-${id}-d1`, 32) }],
});
const base = ['alice', 'bob', 'carol'];
const roster = (extra: string[]) => JSON.stringify(disclosureOf('alice', [...base, ...extra].map(person)));

export const tests: E2ETest[] = [
  {
    name: 'two tabs of one conversation updating at once lose nothing',
    async run({ pool, server }) {
      const browser = await pool.launch('tabs');
      const url1 = server.publish('/tab-one.html', disclosurePage('Tab one', JSON.parse(roster([]))));
      const url2 = server.publish('/tab-two.html', disclosurePage('Tab two', JSON.parse(roster([]))));
      const one = await browser.newPage(url1);
      const two = await browser.newPage(url2);
      await tabIdFor(browser, url1);
      await tabIdFor(browser, url2);

      for (let round = 0; round < 5; round++) {
        const a = `dave${round}`,
          b = `erin${round}`;
        // Both pages change in the same instant, each with a member the other does not have.
        await Promise.all([
          one.evaluate((text) => (window as any).setDisclosure(text), roster([a])),
          two.evaluate((text) => (window as any).setDisclosure(text), roster([b])),
        ]);
      }
      const contacts = await pollUntil(
        'every member of every update in the store',
        async () => {
          const store = await readLocalStore(browser);
          const ids = Object.keys(store)
            .filter((k) => k.startsWith('v1/contact/'))
            .map((k) => k.split('|').pop());
          return ids.length === 3 + 10 && ids;
        },
        20_000,
      );
      for (let round = 0; round < 5; round++) {
        assert.ok(contacts.includes(`dave${round}`) && contacts.includes(`erin${round}`), `round ${round} kept both members`);
      }
      const store = await readLocalStore(browser);
      const firstSeen = Object.values(store).filter((r: any) => r?.rule === 'first-seen');
      const about = firstSeen.map((r: any) => r.contactId).sort();
      assert.deepEqual(about, [...new Set(about)], 'no first-sight notice doubled');
      assert.ok(
        contacts.every((id) => id === 'alice' || about.includes(id)),
        `a first-sight notice for everyone but the account holder: ${about}`,
      );
    },
  },
];
