// The account holder in the popup, on Courier: shown as "You" (never with a
// trust-on-first-use chip, never with a first-sight notice), with their own
// keys and devices and which one is this browser's; every key in the form
// Courier's members panel prints it; never counted among the people still to
// verify; and in the records, alerts about them filed under their account.
import assert from 'node:assert/strict';
import { decodeLinkCode } from '../../demo/client/core/account';
import { connect, CourierSession, COURIER_TEST_IDS as T } from '../../demo/testing';
import { pollUntil, type TestPage } from '../harness';
import { openPopupFor, selectPerson, trustShown, waitForAlert, waitForPeople } from '../support/extension';
import { createUser, inPage, openConversation, signedInPage, startCourier } from '../support/courier';
import type { E2ETest } from '../test-api';

const testId = (id: string) => `[data-testid="${id}"]`;

/** Links a second device (in Node) to the account signed in on the page, from the link code its account dialog shows. */
async function linkSecondDevice(page: TestPage, courierUrl: string): Promise<CourierSession> {
  await page.click(testId(T.accountName));
  await page.waitFor(
    'the account dialog',
    () => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Show link code'),
    null,
  );
  await page.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Show link code')!.click(), null);
  const code = await page.waitFor(
    'the link code',
    () => document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Link code"]')?.value ?? '',
    null,
  );
  await page.press('Escape');
  return CourierSession.link(await connect(courierUrl), decodeLinkCode(code));
}

/** Each key Courier's members panel prints for a user, line by line: identity first, then each device's. */
async function courierPrints(page: TestPage, user: string): Promise<string[]> {
  return page.evaluate(
    ({ user, memberId, keyId }) =>
      [...document.querySelectorAll(`[data-testid="${memberId}"][data-user="${user}"] [data-testid="${keyId}"]`)].map((el) =>
        [...el.querySelectorAll('span')].map((line) => line.textContent).join(' '),
      ),
    { user, memberId: T.member, keyId: T.keyPrint },
  );
}

/** The printed form of each key the popup's person detail shows: identity first, then each device's. */
async function popupPrints(popup: TestPage): Promise<string[]> {
  return popup.evaluate(
    () =>
      [
        ...document.querySelectorAll(
          '[data-testid="detail"] [data-testid="identity-key"], [data-testid="detail"] [data-testid="device-key"]',
        ),
      ].map((el) => [...el.querySelectorAll('span')].map((line) => line.textContent).join(' ')),
    null,
  );
}

export const tests: E2ETest[] = [
  {
    name: "popup: the account holder's row reads You, with their devices, this browser's marked, and keys as Courier prints them",
    async run({ pool }) {
      const courier = await startCourier({ port: 0 });
      const bob = await createUser(courier.url, 'bob', 'Bob');
      let laptop: CourierSession | null = null;
      try {
        const browser = await pool.launch('alice');
        const page = await signedInPage(browser, courier, 'alice', 'Alice');
        await openConversation(page, await bob.createDirect('alice'));
        const popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, 2);
        const aliceRow = `[data-testid="participant"][data-id="alice"]`;
        const row = await popup.evaluate(
          (sel) => ({
            trust: document.querySelector(`${sel} [data-testid="trust"]`)?.getAttribute('data-trust'),
            text: document.querySelector(sel)?.textContent ?? '',
          }),
          aliceRow,
        );
        assert.equal(row.trust, 'self', 'her row carries no trust state');
        assert.match(row.text, /You/);
        assert.doesNotMatch(row.text, /trusted on first use/);

        // Only notices (Bob seen for the first time): no heading over an empty warning list.
        assert.equal(await popup.evaluate(() => document.getElementById('alerts-title'), null), null, 'no warnings heading over nothing');
        await popup.click('[data-testid="info-notices"] summary');
        const notices = await popup.waitFor(
          'the notices',
          () => {
            const shown = [...document.querySelectorAll('[data-testid="info-notices"] [data-testid="alert"]')].map(
              (el) => el.textContent ?? '',
            );
            return shown.length > 0 ? shown : null;
          },
          null,
        );
        assert.ok(
          // Names in KeyWatch's sentences are isolated (FSI … PDI), invisible in the text.
          notices.some((n) => /First time KeyWatch sees Bob/.test(n.replace(/[\u2068\u2069]/g, ''))),
          'Bob is seen for the first time',
        );
        assert.ok(!notices.some((n) => /Alice/.test(n)), `no notice about Alice herself: ${notices.join(' | ')}`);
        assert.match(
          await popup.evaluate(() => document.querySelector('[data-testid="info-notices"] summary')?.textContent ?? '', null),
          /^1 notice /,
        );

        // Alice signs in on a second device: her own new login, said about her account.
        laptop = await linkSecondDevice(page, courier.url);
        await waitForAlert(popup, 'warning', /Alice has a new device/);
        const disclosure = JSON.parse((await page.evaluate(inPage.readDisclosure, null))!);
        const thisBrowser: string = disclosure.accountDevice;
        const aliceDevices: string[] = disclosure.participants
          .find((p: { id: string }) => p.id === 'alice')
          .devices.map((d: { id: string }) => d.id);
        assert.equal(aliceDevices.length, 2, 'Alice has two devices: this browser and the linked one');
        assert.ok(aliceDevices.includes(thisBrowser), 'the page names its own device');

        await selectPerson(popup, 'alice');
        assert.equal(await trustShown(popup), 'self');
        const detail = await popup.evaluate(
          () => ({
            you: !!document.querySelector('[data-testid="this-is-you"]'),
            markVerified: !!document.querySelector('[data-testid="mark-verified"]'),
            devices: [...document.querySelectorAll('[data-testid="device"]')].map((d) => [
              d.querySelector('.mono')?.textContent,
              d.getAttribute('data-this-browser'),
            ]),
            heading: [...document.querySelectorAll('[data-testid="detail"] h3')].map((h) => h.textContent),
          }),
          null,
        );
        assert.ok(detail.you, 'the detail says this is her own account');
        assert.equal(detail.markVerified, false, 'nothing to verify about oneself');
        assert.deepEqual(
          detail.devices,
          aliceDevices.map((id) => [id, id === thisBrowser ? 'true' : null]),
          'both her devices, this browser marked',
        );
        assert.ok(detail.heading.includes('2 devices'), `a counted heading: ${detail.heading.join(', ')}`);
        const alicePrints = await popupPrints(popup);
        assert.equal(alicePrints.length, 3);
        assert.deepEqual(alicePrints, await courierPrints(page, 'alice'), "Alice's keys read as Courier prints them");
        for (const print of alicePrints) assert.match(print, /^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);

        await popup.click('[data-testid="back"]');
        await selectPerson(popup, 'bob');
        await popup.waitFor('the safety number and its actions', () => !!document.querySelector('[data-testid="mark-verified"]'), null);
        assert.deepEqual(await popupPrints(popup), await courierPrints(page, 'bob'), "Bob's keys read as Courier prints them");
        await popup.click('[data-testid="mark-verified"]');
        await pollUntil('Bob verified', async () => (await trustShown(popup)) === 'verified');
        // The page shows the conversation again: everyone but Alice herself is verified, so everyone is.
        await page.evaluate(() => void setTimeout(() => location.reload(), 0), null);
        await pollUntil('the conversation read as all verified', () =>
          popup.evaluate(() => document.querySelector('[data-testid="standing"]')?.classList.contains('all-verified') ?? false, null),
        );

        const options = await browser.openExtensionPage('options.html');
        const records = await options.waitFor(
          'the records page',
          () => {
            const alice = document.querySelector('[data-testid="contact"][data-id="alice"] [data-testid="contact-trust"]');
            // Page text in KeyWatch's sentences is isolated (FSI … PDI): invisible, so left out of the match.
            const log = [...document.querySelectorAll('[data-testid="logged-alert"]')].map((li) =>
              (li.textContent ?? '').replace(/[\u2068\u2069]/g, ''),
            );
            return alice && log.length > 0 ? { alice: alice.textContent, log } : null;
          },
          null,
          20_000,
        );
        assert.equal(records.alice, 'You');
        assert.ok(!records.log.some((entry) => /sees Alice/.test(entry)), 'the alert log has no notice about Alice herself');
        const ownLogin = records.log.find((entry) => /Alice has a new device/.test(entry));
        assert.ok(ownLogin, 'her new login is in the alert log');
        assert.match(ownLogin, /your own account · /, 'filed under her own account');
        assert.doesNotMatch(ownLogin, /\bBob · /, 'not under the conversation it was seen in');
      } finally {
        laptop?.close();
        bob.close();
        await courier.close();
      }
    },
  },
];
