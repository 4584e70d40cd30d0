// One key, two spellings: Alice verifies Bob, whose page discloses his
// Curve25519 keys as Signal serializes them (0x05 ‖ u); then the page spells
// the same keys as their 32 bytes. It is the same key, the same safety number:
// Bob stays verified, nothing is raised, the badge stays dark.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import {
  openPopupFor,
  popupAlerts,
  readLocalStore,
  safetyNumberShown,
  selectPerson,
  trustShown,
  waitForPeople,
  clickMarkVerified,
} from '../support/extension';
import type { E2ETest } from '../test-api';
import { contactRecord } from '../verify/pages';

const alice: ParticipantSpec = { id: 'alice', name: 'Alice', identity: ed25519Pair('spelling/alice'), devices: [] };
const bobSpelled = (form: 32 | 33): ParticipantSpec => ({
  id: 'bob',
  name: 'Bob',
  identity: curve25519Pair('spelling/bob', form),
  devices: [{ id: 'd1', key: curve25519Pair('spelling/bob/d1', form) }],
});
const disclosure = (form: 32 | 33, title: string) => {
  const d = disclosureOf('alice', [alice, bobSpelled(form)], 'direct');
  d.conversation.title = title;
  return d;
};

export const tests: E2ETest[] = [
  {
    name: 'key spelling: a verified contact re-disclosed with the other spelling of the same key stays verified, no alert',
    async run({ pool, server }) {
      const browser = await pool.launch('spelling');
      const url = server.publish('/spelling.html', disclosurePage('Spelling', disclosure(33, 'Bob')));
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 2);
      await selectPerson(popup, 'bob');
      const number = await safetyNumberShown(popup);
      await clickMarkVerified(popup);
      await pollUntil('Bob verified', async () => (await trustShown(popup)) === 'verified');
      const verified = await contactRecord(browser, 'bob');

      // The page now spells Bob's identity and device keys as their 32 bytes (and renames the conversation,
      // so the test knows when KeyWatch has read it).
      await page.evaluate((text) => (window as any).setDisclosure(text), JSON.stringify(disclosure(32, 'Bob, spelled short')));
      await pollUntil('the new disclosure read', async () => {
        const store = await readLocalStore(browser);
        return Object.entries(store).some(
          ([k, v]) => k.startsWith('v1/conversation/') && (v as { title?: string }).title === 'Bob, spelled short',
        );
      });

      const bob = await contactRecord(browser, 'bob');
      assert.equal(bob.trust, 'verified', 'Bob is still verified');
      assert.deepEqual(bob.currentKey, verified.currentKey, 'the same key, in the same spelling');
      assert.equal(bob.keys.length, 1, 'one key on record');
      assert.equal(bob.devices.length, 1, 'one device on record');
      assert.equal(await trustShown(popup), 'verified');
      assert.equal(await safetyNumberShown(popup), number, 'the same safety number');
      const loud = (await popupAlerts(popup)).filter(([severity]) => severity !== 'info');
      assert.deepEqual(loud, [], 'no warning or critical alert');
      assert.equal(await browser.badgeText(), '', 'the badge stays dark');
    },
  },
];
