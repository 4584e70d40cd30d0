// The standing is live: verifying everyone shows "Everyone verified" at once in
// the popup and on the verify page, without waiting for the page to disclose
// again. The coverage line says what was read, and by whom.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil, type TestPage } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import {
  acknowledgeCriticalAlerts,
  openPopupFor,
  readLocalStore,
  selectPerson,
  tabIdFor,
  waitForAlert,
  waitForPeople,
} from '../support/extension';
import type { E2ETest } from '../test-api';

const people: ParticipantSpec[] = [
  { id: 'alice', name: 'Alice', identity: ed25519Pair('live/alice'), devices: [{ id: 'd1', key: curve25519Pair('live/alice/d1') }] },
  { id: 'bob', name: 'Bob', identity: curve25519Pair('live/bob'), devices: [{ id: 'd1', key: curve25519Pair('live/bob/d1') }] },
  { id: 'carol', name: 'Carol', identity: curve25519Pair('live/carol'), devices: [{ id: 'd1', key: curve25519Pair('live/carol/d1') }] },
];

/** The standing a page shows: its data attribute, or the class the standing line has carried from the start. */
function shownStanding(): string {
  const line = document.querySelector('[data-testid="standing"]');
  return line?.getAttribute('data-standing') ?? line?.className.replace(/^standing\s+/, '') ?? '';
}

const standingOf = (page: TestPage) => page.evaluate(shownStanding, null);

async function waitForStanding(page: TestPage, standing: string, timeoutMs = 3000): Promise<number> {
  const started = Date.now();
  await pollUntil(`the standing "${standing}"`, async () => (await standingOf(page)) === standing, timeoutMs).catch(
    async (error: Error) => {
      throw new Error(`${error.message}; shown: "${await standingOf(page)}"`);
    },
  );
  return Date.now() - started;
}

async function markVerified(popup: TestPage, id: string): Promise<void> {
  await selectPerson(popup, id);
  // The button comes with the safety number, which the detail computes after it opens.
  await popup.waitFor('the mark-verified button', () => !!document.querySelector('[data-testid="mark-verified"]'), null, 10_000);
  await popup.evaluate(() => (document.querySelector('[data-testid="mark-verified"]') as HTMLButtonElement).click(), null);
  await popup.waitFor(
    `${id} verified`,
    () => document.querySelector('[data-testid="detail"] [data-testid="trust"]')?.getAttribute('data-trust') === 'verified',
    null,
    5000,
  );
  await popup.evaluate(() => (document.querySelector('[data-testid="back"]') as HTMLButtonElement).click(), null);
  await popup.waitFor('the list again', () => !document.querySelector('[data-testid="detail"]'), null, 5000);
}

export const tests: E2ETest[] = [
  {
    name: 'standing is live: verifying everyone shows Everyone verified at once, in the popup and the verify page',
    async run({ browser: name, pool, server }) {
      const browser = await pool.launch('live');
      const url = server.publish('/live-standing.html', disclosurePage('Live', disclosureOf('alice', people)));
      await browser.newPage(url);
      const tabId = await tabIdFor(browser, url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 3);
      await waitForStanding(popup, 'unverified');
      const read = await popup.evaluate(() => document.querySelector('[data-testid="coverage-read"]')?.textContent ?? '', null);
      assert.match(read, /page protocol/, 'the coverage line says who read the conversation');

      const verify = await browser.openExtensionPage(`verify.html?tab=${tabId}&group=1`);
      await waitForStanding(verify, 'unverified', 20_000);

      await markVerified(popup, 'bob');
      assert.equal(await standingOf(popup), 'unverified', 'Carol is not verified yet');
      await markVerified(popup, 'carol');
      // The page has not disclosed again: the standing follows the trust actions alone.
      const popupMs = await waitForStanding(popup, 'all-verified');
      const verifyMs = await waitForStanding(verify, 'all-verified');
      console.log(
        `     [${name}] all verified shown ${popupMs} ms after the last verification in the popup, ${verifyMs} ms later on the verify page`,
      );
      assert.equal(await browser.badgeText(), '', 'no alert is open');
    },
  },
  {
    name: 'standing: a critical alert left open keeps Everyone verified away, though what raised it is gone from the roster',
    async run({ pool, server }) {
      const browser = await pool.launch('live-open-alert');
      const withGhost = people.map((p) =>
        p.id === 'bob' ? { ...p, devices: [...p.devices, { id: 'ghost', key: curve25519Pair('live/bob/ghost'), signer: null }] } : p,
      );
      const url = server.publish('/live-open-alert.html', disclosurePage('Live', disclosureOf('alice', people)));
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 3);
      const setDisclosure = (spec: ParticipantSpec[]) =>
        page.evaluate(
          (text) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(text),
          JSON.stringify(disclosureOf('alice', spec)),
        );
      // The server shows Bob's ghost device once, then hides it again: the alert stays open, the roster is clean.
      await setDisclosure(withGhost);
      await waitForAlert(popup, 'critical', /ghost/i);
      await setDisclosure(people);
      await pollUntil('the ghost device gone from the roster', async () =>
        Object.values(await readLocalStore(browser)).some((record) => (record as { rule?: string }).rule === 'device-removed'),
      );
      await markVerified(popup, 'bob');
      await markVerified(popup, 'carol');
      // Everyone listed is verified, and the ghost alert is still open: not the good news.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(await standingOf(popup), 'unverified', 'a critical alert is open');
      assert.equal(await acknowledgeCriticalAlerts(browser), 1);
      await waitForStanding(popup, 'all-verified', 10_000);
    },
  },
  {
    name: 'standing: a verified person listed with an identity key that fails its checks is not shown verified',
    async run({ pool, server }) {
      const browser = await pool.launch('live-invalid-key');
      const url = server.publish('/live-invalid-key.html', disclosurePage('Live', disclosureOf('alice', people)));
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 3);
      await markVerified(popup, 'bob');
      const chip = () =>
        popup.evaluate(
          () =>
            document.querySelector('[data-testid="participant"][data-id="bob"] [data-testid="trust"]')?.getAttribute('data-trust') ?? '',
          null,
        );
      assert.equal(await chip(), 'verified');
      // Bob's curve25519 key with a type byte of 0x07 instead of 0x05: the page lists him, the key is refused.
      const broken = disclosureOf('alice', people);
      const bob = broken.participants.find((p) => p.id === 'bob')!;
      const bytes = Buffer.from(bob.identityKey.key, 'base64');
      bytes[0] = 0x07;
      bob.identityKey = { ...bob.identityKey, key: bytes.toString('base64') };
      await page.evaluate(
        (text) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(text),
        JSON.stringify(broken),
      );
      await waitForAlert(popup, 'critical', /identity key cannot be used/);
      await acknowledgeCriticalAlerts(browser);
      await pollUntil('Bob no longer shown verified', async () => (await chip()) === 'invalid', 10_000).catch(async (error: Error) => {
        throw new Error(`${error.message}; shown: "${await chip()}"`);
      });
    },
  },
];
