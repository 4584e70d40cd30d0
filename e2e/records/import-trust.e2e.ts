// An import changes no trust unseen: a backup made before a verified key changed and came back does not make the
// contact verified again (a mark cleared here comes back only through a verification the file brings, listed), and
// a trust state a file does change is listed in the review, with nothing applied until the user confirms it.
import assert from 'node:assert/strict';
import { disclosureOf } from '../../src/adapters/page-protocol/testing/test-fixture';
import type { ExtensionBrowser, TestPage } from '../harness';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { readLocalStore, sendFromExtension } from '../support/extension';
import { applyImport, openImportReview } from '../support/files';
import type { E2ETest } from '../test-api';
import { contactRecord } from '../verify/pages';
import { openGroup, person, verify } from './group';

const alice = person('import-trust', 'alice');
const bobWith = (seed: string) => person('import-trust', 'bob', seed);

async function show(page: TestPage, bobSeed: string): Promise<void> {
  const text = JSON.stringify(disclosureOf('alice', [alice, bobWith(bobSeed)], 'group'));
  await page.evaluate((text) => (window as unknown as { setDisclosure: (t: string) => void }).setDisclosure(text), text);
}

async function acknowledgeOpenAlerts(browser: ExtensionBrowser): Promise<void> {
  const open = Object.entries(await readLocalStore(browser)).filter(
    ([key, value]) => key.startsWith('v1/alert/') && (value as { state: string }).state === 'open',
  );
  for (const [, alert] of open as Array<[string, { id: string; lastRaised: number }]>) {
    const done = await sendFromExtension(browser, 'trust/acknowledge', { alertId: alert.id, lastRaised: alert.lastRaised });
    assert.equal(done.ok, true, JSON.stringify(done));
  }
}

const trustChangesShown = (options: TestPage) =>
  options.evaluate(
    () =>
      [...document.querySelectorAll('[data-testid="import-trust-change"]')].map(
        (li) => `${li.getAttribute('data-contact')}: ${li.getAttribute('data-from')} → ${li.getAttribute('data-to')}`,
      ),
    null,
  );

export const tests: E2ETest[] = [
  {
    name: 'import: an old backup does not verify again a key that changed and came back; a trust change is listed and confirmed',
    async run({ pool, server }) {
      const browser = await pool.launch('import-trust');
      const url = server.publish('/import-trust.html', disclosurePage('Team', disclosureOf('alice', [alice, bobWith('a')], 'group')));
      const page = await browser.newPage(url);
      await pollUntil('Bob in the store', () => contactRecord(browser, 'bob'));
      await verify(browser, 'bob');
      const verifiedKey = (await contactRecord(browser, 'bob')).currentKey;
      const backup = (await sendFromExtension(browser, 'records/export', {})).text as string;

      // Bob's key changes and comes back; the user accepts the alerts without comparing again.
      await show(page, 'b');
      await pollUntil('the key change recorded', async () => (await contactRecord(browser, 'bob')).trust === 'changed-after-verified');
      await show(page, 'a');
      await pollUntil('the first key back', async () => (await contactRecord(browser, 'bob')).currentKey.key === verifiedKey.key);
      await acknowledgeOpenAlerts(browser);
      await pollUntil('Bob accepted', async () => (await contactRecord(browser, 'bob')).trust === 'accepted');

      // The old backup: it brings no verification this store lacks, so Bob stays accepted.
      const options = await openImportReview(browser, backup);
      await applyImport(options);
      assert.equal((await contactRecord(browser, 'bob')).trust, 'accepted', 'the backup made Bob verified again');
      await options.close();

      // A file that does change a trust state here (Bob seen here first, accepted in the file) lists it, to confirm.
      const accepted = (await sendFromExtension(browser, 'records/export', {})).text as string;
      const fresh = await pool.launch('import-trust-fresh');
      await openGroup(fresh, server, '/import-trust-fresh.html', [alice, bobWith('a')]);
      assert.equal((await contactRecord(fresh, 'bob')).trust, 'first-seen');
      const review = await openImportReview(fresh, accepted);
      assert.deepEqual(await trustChangesShown(review), ['bob: first-seen → accepted']);
      assert.equal(
        await review.evaluate(() => (document.querySelector('[data-testid="import-apply"]') as HTMLButtonElement).disabled, null),
        true,
        'apply is offered before the change of trust was confirmed',
      );
      await review.click('[data-testid="import-confirm"]');
      await applyImport(review);
      assert.equal((await contactRecord(fresh, 'bob')).trust, 'accepted');
    },
  },
];
