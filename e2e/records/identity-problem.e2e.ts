// The records page names a contact's trust as the popup does: once the page lists a verified contact's identity key
// in a form that cannot be used, the popup's row reads "invalid", and so does the records page, with the fault
// beside it, never the green verified chip over an open critical alert.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, waitForAlert, waitForPeople } from '../support/extension';
import type { E2ETest } from '../test-api';
import { contactRecord } from '../verify/pages';
import { verify } from './group';

const people: ParticipantSpec[] = [
  { id: 'alice', name: 'Alice', identity: ed25519Pair('ip/alice'), devices: [{ id: 'd1', key: curve25519Pair('ip/alice/d1') }] },
  { id: 'bob', name: 'Bob', identity: curve25519Pair('ip/bob'), devices: [{ id: 'd1', key: curve25519Pair('ip/bob/d1') }] },
];
const bobRow = '[data-testid="contact"][data-id="bob"]';

export const tests: E2ETest[] = [
  {
    name: 'records: a verified contact whose identity key the page lists unusable shows invalid, as in the popup',
    async run({ pool, server }) {
      const browser = await pool.launch('identity-problem');
      const url = server.publish('/identity-problem.html', disclosurePage('Identity problem', disclosureOf('alice', people)));
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 2);
      await pollUntil('Bob in the store', () => contactRecord(browser, 'bob'));
      await verify(browser, 'bob');

      const options = await browser.openExtensionPage('options.html');
      const chipOf = (sel: string) =>
        options.evaluate((sel) => {
          const row = document.querySelector(sel);
          return {
            trust: row?.getAttribute('data-trust') ?? '',
            chip: row?.querySelector('[data-testid="contact-trust"]')?.className ?? '',
            problem: row?.querySelector('[data-testid="contact-identity-problem"]')?.textContent ?? null,
          };
        }, sel);
      await options.waitFor(
        'Bob verified',
        (sel) => document.querySelector(sel)?.getAttribute('data-trust') === 'verified',
        bobRow,
        20_000,
      );
      assert.deepEqual(await chipOf(bobRow), { trust: 'verified', chip: 'chip ok', problem: null });

      // The page now lists Bob's identity key with an unknown key type byte.
      const broken = disclosureOf('alice', people);
      const listed = broken.participants.find((p) => p.id === 'bob')!;
      const bytes = Buffer.from(listed.identityKey.key, 'base64');
      bytes[0] = 0x07;
      listed.identityKey = { ...listed.identityKey, key: bytes.toString('base64') };
      await page.evaluate(
        (text) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(text),
        JSON.stringify(broken),
      );
      await waitForAlert(popup, 'critical', /identity key cannot be used/);
      await popup.waitFor(
        'Bob invalid in the popup',
        () =>
          document.querySelector('[data-testid="participant"][data-id="bob"] [data-testid="trust"]')?.getAttribute('data-trust') ===
          'invalid',
        null,
        10_000,
      );
      assert.equal((await contactRecord(browser, 'bob')).trust, 'verified', 'the stored trust is left as it was');

      await options.waitFor(
        'Bob no longer verified',
        (sel) => document.querySelector(sel)?.getAttribute('data-trust') !== 'verified',
        bobRow,
        20_000,
      );
      const shown = await chipOf(bobRow);
      console.log(`     records page after the unusable key: ${JSON.stringify(shown)}`);
      assert.equal(shown.trust, 'invalid');
      assert.equal(shown.chip, 'chip critical');
      assert.match(shown.problem ?? '', /identity key cannot be used/);
    },
  },
];
