// A page whose disclosure the browser will not carry to the background (Chromium
// refuses a message past 64 MiB as it serializes it; a text of lone surrogates
// takes six bytes a character): the report never arrives, and the page may not
// change again for long. The content script says so in a small message, so the
// popup does not go on showing the earlier roster as checked.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, waitForPeople } from '../support/extension';
import type { E2ETest } from '../test-api';

const people: ParticipantSpec[] = [
  {
    id: 'alice',
    name: 'Alice',
    identity: ed25519Pair('undelivered/alice'),
    devices: [{ id: 'd1', key: curve25519Pair('undelivered/a1') }],
  },
  { id: 'bob', name: 'Bob', identity: curve25519Pair('undelivered/bob'), devices: [{ id: 'd1', key: curve25519Pair('undelivered/b1') }] },
];

const standing = () => document.querySelector('[data-testid="standing"]')?.getAttribute('data-standing') ?? '';

export const tests: E2ETest[] = [
  {
    name: 'undelivered report: a disclosure the browser will not carry leaves the tab not checked, not the earlier roster',
    async run({ browser: name, pool, server }) {
      const browser = await pool.launch('undelivered');
      const url = server.publish('/undelivered.html', disclosurePage('Undelivered', disclosureOf('alice', people)));
      const page = await browser.newPage(url);
      const popup = await openPopupFor(browser, url);
      await waitForPeople(popup, 2);
      assert.equal(await popup.evaluate(standing, null), 'unverified');
      // Within the text limit in characters (16 Mi), past what one message may carry once serialized.
      await page.evaluate(
        () => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure('\ud800'.repeat(15_000_000)),
        null,
      );
      await popup.waitFor(
        'the tab not checked',
        (shown) => document.querySelector('[data-testid="standing"]')?.getAttribute('data-standing') !== shown,
        'unverified',
        20_000,
      );
      const text = await popup.evaluate(() => document.body.innerText, null);
      // Firefox carries it, and the background refuses it as not JSON; Chromium will not carry it.
      assert.match(text, name === 'chromium' ? /could not be delivered/ : /not valid JSON/, `the popup says why: ${text.slice(0, 400)}`);
    },
  },
];
