// Comparing in person on the verify page, two people in two browser profiles.
// Bob's screen is photographed (a screenshot of his verify page) and the picture
// is given to Alice's page, as a photo of his code would be: it matches, and
// marks Bob verified by scanning. A picture of the wrong code marks nothing.
// Typing Bob's number with one group wrong names that group.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pollUntil, type TestPage } from '../harness';
import type { E2ETest } from '../test-api';
import { clickMarkVerified, safetyNumberShown } from '../support/extension';
import { chooseImage, contactRecord, openConversationAs, openVerify } from './pages';

const waitForResult = (page: TestPage) =>
  page.waitFor(
    'a comparison result',
    () =>
      document.querySelector('[data-testid="match"]')
        ? 'match'
        : document.querySelector('[data-testid="mismatch"]')
          ? 'mismatch'
          : (document.querySelector('[data-testid="inconclusive"],[data-testid="scan-problem"]')?.textContent ?? ''),
    null,
    20_000,
  );

export const tests: E2ETest[] = [
  {
    name: "verify: scanning the other profile's code marks verified; a wrong code does not",
    async run({ pool, server, artifacts, browser: name }) {
      const [alice, bob] = await Promise.all([pool.launch('alice'), pool.launch('bob')]);
      const a = await openConversationAs(alice, server, 'alice');
      const b = await openConversationAs(bob, server, 'bob');
      const aliceVerify = await openVerify(alice, `tab=${a.tabId}&contact=bob`);
      const bobVerify = await openVerify(bob, `tab=${b.tabId}&contact=alice`);

      const digits = (p: typeof aliceVerify) => safetyNumberShown(p);
      assert.match((await digits(aliceVerify)) ?? '', /^\d{60}$/);
      assert.equal(await digits(aliceVerify), await digits(bobVerify), 'both screens show the same 60 digits');

      // A wrong code first: Alice's own screen (her code has the two halves the other way round).
      const ownShot = join(artifacts, `verify-own-${name}.png`);
      await aliceVerify.screenshot(ownShot);
      await chooseImage(aliceVerify, ownShot);
      assert.equal(await waitForResult(aliceVerify), 'mismatch');
      assert.equal(
        await aliceVerify.evaluate(() => !!document.querySelector('[data-testid="mark-verified"]'), null),
        false,
        'a mismatch offers nothing to mark',
      );
      assert.equal((await contactRecord(alice, 'bob')).trust, 'first-seen');

      // Bob's code, photographed from his screen.
      const bobShot = join(artifacts, `verify-bob-${name}.png`);
      await bobVerify.screenshot(bobShot);
      await chooseImage(aliceVerify, bobShot);
      assert.equal(await waitForResult(aliceVerify), 'match');
      await clickMarkVerified(aliceVerify);
      await aliceVerify.waitFor('the verified confirmation', () => !!document.querySelector('[data-testid="marked"]'), null);
      const record = await pollUntil('Bob verified in the store', async () => {
        const r = await contactRecord(alice, 'bob');
        return r?.trust === 'verified' ? r : null;
      });
      assert.deepEqual(
        record.verifications.map((v: { method: string }) => v.method),
        ['scanned'],
      );
      await aliceVerify.waitFor(
        'the page to show Bob verified',
        () => document.querySelector('[data-testid="trust"]')?.getAttribute('data-trust') === 'verified',
        null,
      );
      assert.equal((await contactRecord(bob, 'alice')).trust, 'first-seen', "Bob's own record of Alice is his to change");
    },
  },
  {
    name: 'verify: typing the number with one wrong group names that group and marks nothing',
    async run({ pool, server }) {
      const alice = await pool.launch('alice');
      const a = await openConversationAs(alice, server, 'alice');
      const page = await openVerify(alice, `tab=${a.tabId}&contact=bob`);
      const digits = await safetyNumberShown(page);
      const wrong = digits.slice(0, 17) + String((Number(digits[17]) + 1) % 10) + digits.slice(18);
      await page.click('[data-testid="mode-typed"]');
      await page.waitFor('the typing field', () => !!document.querySelector('[data-testid="typed-input"]'), null);
      await page.fill('[data-testid="typed-input"]', wrong.match(/\d{5}/g)!.join(' '));
      assert.equal(await waitForResult(page), 'mismatch');
      const marked = await page.evaluate(
        () =>
          [...document.querySelectorAll('[data-testid="safety-number"] li[data-differs="true"]')].map((li) =>
            li.getAttribute('data-group'),
          ),
        null,
      );
      assert.deepEqual(marked, ['3'], 'the fourth group is marked');
      assert.match(
        (await page.evaluate(() => document.querySelector('[data-testid="mismatch-detail"]')?.textContent, null)) ?? '',
        /group 4/,
      );
      assert.equal((await contactRecord(alice, 'bob')).trust, 'first-seen');

      await page.fill('[data-testid="typed-input"]', digits);
      assert.equal(await waitForResult(page), 'match');
      await clickMarkVerified(page);
      await pollUntil('Bob verified by typing', async () => (await contactRecord(alice, 'bob'))?.verifications?.[0]?.method === 'typed');
    },
  },
];
