// The popup's person detail stays open while the page changes. When the page swaps Bob's identity key while his
// safety number is on screen, the user may be reading the earlier number aloud: the mark button goes, the popup says
// the number changed, and no frame ever shows a mark button beside digits other than those first shown. Marking
// again, once the user chose to compare the new number, marks the key that number was computed from.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil, sleep } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { clickMarkVerified, openPopupFor, safetyNumberShown, selectPerson, waitForPeople } from '../support/extension';
import { contactRecord } from '../verify/pages';
import type { E2ETest } from '../test-api';

const alice: ParticipantSpec = { id: 'alice', name: 'Alice', identity: ed25519Pair('changed/alice'), devices: [] };
const bob = (identity: string): ParticipantSpec => ({
  id: 'bob',
  name: 'Bob',
  identity: curve25519Pair(identity),
  devices: [{ id: 'd1', key: curve25519Pair('changed/bob/d1') }],
});

/** What the detail showed after each change of the popup's document. */
type Frame = { print: string; digits: string; mark: boolean };

export const tests: E2ETest[] = [
  {
    name: "popup: Bob's key swapped while his safety number is shown withdraws the mark button and marks nothing",
    async run({ pool, server }) {
      const browser = await pool.launch('number-changed');
      const first = disclosureOf('alice', [alice, bob('changed/bob')], 'direct');
      const swapped = disclosureOf('alice', [alice, bob('changed/bob-swapped')], 'direct');
      const url = server.publish('/number-changed.html', disclosurePage('Number changed', first));
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 2);
      await selectPerson(popup, 'bob');
      const before = await safetyNumberShown(popup);
      await popup.waitFor('the mark-verified button', () => !!document.querySelector('[data-testid="mark-verified"]'), null, 10_000);
      await popup.evaluate(() => {
        const frames: Frame[] = [];
        (window as unknown as { detailFrames: Frame[] }).detailFrames = frames;
        new MutationObserver(() => {
          frames.push({
            print: document.querySelector('[data-testid="detail"] [data-testid="identity-key"]')?.getAttribute('data-print') ?? '',
            digits: document.querySelector('[data-testid="safety-number"]')?.getAttribute('data-digits') ?? '',
            mark: !!document.querySelector('[data-testid="mark-verified"]'),
          });
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      }, null);
      const printBefore = await popup.evaluate(
        () => document.querySelector('[data-testid="detail"] [data-testid="identity-key"]')?.getAttribute('data-print') ?? '',
        null,
      );

      // While the user reads `before` aloud with Bob, the page swaps his identity key.
      await page.evaluate(
        (text) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(text),
        JSON.stringify(swapped),
      );
      const after = await popup.waitFor(
        'the new safety number',
        (old) => {
          const digits = document.querySelector('[data-testid="safety-number"]')?.getAttribute('data-digits') ?? '';
          return digits && digits !== old ? digits : '';
        },
        before,
        20_000,
      );
      await sleep(500);
      const frames: Frame[] = await popup.evaluate(() => (window as unknown as { detailFrames: Frame[] }).detailFrames, null);
      assert.ok(
        frames.some((f) => f.print !== printBefore),
        'the new key was shown',
      );
      const markedBesideOther = frames.filter((f) => f.mark && f.digits !== '' && (f.digits !== before || f.print !== printBefore));
      assert.deepEqual(markedBesideOther, [], 'a mark button only ever stood beside the first number and the key it was computed from');
      const markOffered = await popup.evaluate(() => !!document.querySelector('[data-testid="mark-verified"]'), null);
      assert.equal(markOffered, false, 'the mark button is withdrawn once the number changed');
      await popup.waitFor('the number-changed notice', () => !!document.querySelector('[data-testid="number-changed"]'), null, 5000);
      const record = await contactRecord(browser, 'bob');
      assert.notEqual(record.trust, 'verified');
      assert.deepEqual(record.verifications, []);

      // The user chooses to compare the new number: marking now marks the key it was computed from.
      await popup.click('[data-testid="compare-new-number"]');
      await clickMarkVerified(popup);
      const marked = await pollUntil('Bob verified', async () => {
        const r = await contactRecord(browser, 'bob');
        return r?.trust === 'verified' ? r : null;
      });
      assert.equal(marked.verifications.length, 1);
      assert.equal(marked.verifications[0].key.key, marked.currentKey.key, 'the key marked is the swapped-in key, whose number was shown');
      assert.equal(await safetyNumberShown(popup), after);
    },
  },
  {
    name: 'popup: a person the page stops listing closes their detail; listed again with another key, it does not reopen by itself beside a mark button',
    async run({ pool, server }) {
      const browser = await pool.launch('number-changed-gone');
      const carol: ParticipantSpec = { id: 'carol', name: 'Carol', identity: ed25519Pair('changed/carol'), devices: [] };
      const first = disclosureOf('alice', [alice, bob('changed/bob'), carol], 'group');
      const withoutBob = disclosureOf('alice', [alice, carol], 'group');
      const swapped = disclosureOf('alice', [alice, bob('changed/bob-swapped'), carol], 'group');
      const url = server.publish('/number-changed-gone.html', disclosurePage('Number changed, gone', first));
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 3);
      await selectPerson(popup, 'bob');
      await popup.waitFor('the mark-verified button', () => !!document.querySelector('[data-testid="mark-verified"]'), null, 10_000);
      const show = (text: string) =>
        page.evaluate((t) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(t), text);

      // While the user reads Bob's number aloud, the page drops him for a moment, then lists him with another key.
      await show(JSON.stringify(withoutBob));
      await popup.waitFor('the detail gone', () => !document.querySelector('[data-testid="detail"]'), null, 20_000);
      await show(JSON.stringify(swapped));
      await waitForPeople(popup, 3);
      await sleep(1000);
      const now = await popup.evaluate(
        () => ({
          detail: !!document.querySelector('[data-testid="detail"]'),
          mark: !!document.querySelector('[data-testid="mark-verified"]'),
        }),
        null,
      );
      assert.deepEqual(now, { detail: false, mark: false }, 'the detail stays closed: the user opens Bob again to see his new number');
      assert.notEqual((await contactRecord(browser, 'bob')).trust, 'verified');
    },
  },
];
