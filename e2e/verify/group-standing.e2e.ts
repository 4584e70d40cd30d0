// The group screen once everyone the page shows is marked verified: it says everyone is verified only when the
// conversation's standing says so. An open ghost-device alert or a member the page does not show keeps it from
// that, and the screen names them; member chips show each person's worst open alert, as the popup's do.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import type { ExtensionBrowser, TestPage, TestServer } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { clickMarkVerified, openPopupFor, selectPerson, tabIdFor, trustShown, waitForAlert, waitForPeople } from '../support/extension';
import type { E2ETest } from '../test-api';
import { openVerify } from './pages';

const members: ParticipantSpec[] = [
  {
    id: 'alice',
    name: 'Alice',
    identity: ed25519Pair('standing/alice'),
    devices: [{ id: 'd1', key: curve25519Pair('standing/alice/d1') }],
  },
  { id: 'bob', name: 'Bob', identity: curve25519Pair('standing/bob'), devices: [{ id: 'd1', key: curve25519Pair('standing/bob/d1') }] },
  {
    id: 'carol',
    name: 'Carol',
    identity: curve25519Pair('standing/carol'),
    devices: [{ id: 'd1', key: curve25519Pair('standing/carol/d1') }],
  },
];

async function openGroup(browser: ExtensionBrowser, server: TestServer, name: string, people: ParticipantSpec[]) {
  const url = server.publish(`/${name}.html`, disclosurePage(name, disclosureOf('alice', people)));
  const page = await browser.newPage(url);
  const popup = await openPopupFor(browser, url);
  await waitForPeople(popup, people.length);
  return { page, popup, tabId: await tabIdFor(browser, url) };
}

async function markInPopup(popup: TestPage, id: string): Promise<void> {
  await selectPerson(popup, id);
  await clickMarkVerified(popup);
  await popup.waitFor(
    `${id} verified`,
    () => document.querySelector('[data-testid="detail"] [data-testid="trust"]')?.getAttribute('data-trust') === 'verified',
    null,
    10_000,
  );
  await popup.click('[data-testid="back"]');
  await popup.waitFor('the list again', () => !document.querySelector('[data-testid="detail"]'), null, 5000);
}

/** Opens the group screen, says the number matched when read aloud, and reads what it says then. */
async function groupMatched(browser: ExtensionBrowser, tabId: number) {
  const verify = await openVerify(browser, `tab=${tabId}&group=1`);
  await verify.click('[data-testid="mode-read-aloud"]');
  await verify.waitFor('the read-aloud panel', () => !!document.querySelector('[data-testid="aloud-match"]'), null);
  await verify.click('[data-testid="aloud-match"]');
  await verify.waitFor('a match', () => !!document.querySelector('[data-testid="match"]'), null, 10_000);
  return verify.evaluate(
    () => ({
      allVerified: !!document.querySelector('[data-testid="group-all-verified"]'),
      notAll: document.querySelector('[data-testid="group-not-all-verified"]')?.getAttribute('data-standing') ?? null,
      reasons: [...document.querySelectorAll('[data-testid="group-standing-reason"]')].map(
        (li) => li.getAttribute('data-severity') ?? li.getAttribute('data-member') ?? li.getAttribute('data-kind') ?? '',
      ),
      markButton: !!document.querySelector('[data-testid="group-mark"]'),
      chips: Object.fromEntries(
        [...document.querySelectorAll('[data-testid="group-member"]')].map((li) => [
          li.querySelector('bdi')?.textContent ?? li.textContent ?? '',
          li.querySelector('[data-testid="trust"]')?.className ?? '',
        ]),
      ),
    }),
    null,
  );
}

export const tests: E2ETest[] = [
  {
    name: 'verify group: everyone shown marked says all verified only with the standing; a ghost device keeps it from that',
    async run({ pool, server }) {
      const browser = await pool.launch('group-ghost');
      const { page, popup, tabId } = await openGroup(browser, server, 'group-ghost', members);
      await markInPopup(popup, 'bob');
      await markInPopup(popup, 'carol');
      await popup.waitFor(
        'everyone verified',
        () => document.querySelector('[data-testid="standing"]')?.getAttribute('data-standing') === 'all-verified',
        null,
        10_000,
      );
      const allVerified = await groupMatched(browser, tabId);
      assert.equal(allVerified.allVerified, true, `with the standing all verified the screen says so: ${JSON.stringify(allVerified)}`);

      const withGhost = members.map((p) =>
        p.id === 'bob' ? { ...p, devices: [...p.devices, { id: 'ghost', key: curve25519Pair('standing/bob/ghost'), signer: null }] } : p,
      );
      await page.evaluate(
        (text) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(text),
        JSON.stringify(disclosureOf('alice', withGhost)),
      );
      await waitForAlert(popup, 'critical', /ghost/i);
      await selectPerson(popup, 'bob');
      assert.equal(await trustShown(popup), 'verified', 'Bob is still verified: only the ghost device is new');

      const shown = await groupMatched(browser, tabId);
      assert.equal(shown.markButton, false, 'nobody shown is left to mark');
      assert.equal(shown.allVerified, false, `no "everyone is verified" beside an open ghost-device alert: ${JSON.stringify(shown)}`);
      assert.ok(shown.notAll !== null && shown.notAll !== 'all-verified', `the screen says the standing: ${JSON.stringify(shown)}`);
      assert.ok(shown.reasons.includes('critical'), `the critical alert is named: ${JSON.stringify(shown.reasons)}`);
      assert.match(shown.chips['Bob'] ?? '', /\bcritical\b/, `Bob's chip shows his open critical alert: ${JSON.stringify(shown.chips)}`);
      assert.match(shown.chips['Carol'] ?? '', /\bok\b/, `Carol's chip stays verified: ${JSON.stringify(shown.chips)}`);
    },
  },
  {
    name: 'verify group: everyone shown marked does not say all verified while a member the page hides is not verified',
    async run({ pool, server }) {
      const browser = await pool.launch('group-hidden');
      const mallory: ParticipantSpec = {
        id: 'mallory',
        name: 'Mallory',
        identity: curve25519Pair('standing/mallory'),
        shown: false,
        devices: [{ id: 'd1', key: curve25519Pair('standing/mallory/d1') }],
      };
      const { popup, tabId } = await openGroup(browser, server, 'group-hidden', [...members, mallory]);
      await markInPopup(popup, 'bob');
      await markInPopup(popup, 'carol');
      const shown = await groupMatched(browser, tabId);
      assert.equal(shown.markButton, false, 'nobody shown is left to mark');
      assert.equal(
        shown.allVerified,
        false,
        `no "everyone is verified" while Mallory is hidden and not verified: ${JSON.stringify(shown)}`,
      );
      assert.ok(shown.notAll !== null && shown.notAll !== 'all-verified', `the screen says the standing: ${JSON.stringify(shown)}`);
      assert.ok(shown.reasons.includes('mallory'), `Mallory is named: ${JSON.stringify(shown.reasons)}`);
    },
  },
];
