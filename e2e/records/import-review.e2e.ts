// A records file cannot forge history. The server that will add a ghost device
// to Bob tomorrow hands the user a "backup" today, made where that ghost device
// was already seen and acknowledged: after the import, the ghost device still
// raises its critical alert. And an import that would close an alert open here
// or add a verification lists each one, and does nothing until the user
// confirms that list (the page's checkbox; the background checks it too).
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import type { ExtensionBrowser, TestPage, TestServer } from '../harness';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, readLocalStore, sendFromExtension, tabIdFor, waitForAlert } from '../support/extension';
import { applyImport, openImportReview } from '../support/files';
import type { E2ETest } from '../test-api';
import { verify } from './group';

const alice: ParticipantSpec = { id: 'alice', name: 'Alice', identity: ed25519Pair('forge/alice'), devices: [] };
const bob = (ghost: boolean): ParticipantSpec => ({
  id: 'bob',
  name: 'Bob',
  identity: ed25519Pair('forge/bob'),
  devices: [
    { id: 'phone', key: curve25519Pair('forge/bob/phone') },
    ...(ghost ? [{ id: 'ghost', key: curve25519Pair('forge/bob/ghost'), signer: null }] : []),
  ],
});
const disclosure = (ghost: boolean) => disclosureOf('alice', [alice, bob(ghost)], 'direct');

type Alert = { id: string; rule: string; state: string; lastRaised: number; contactId: string | null; fromFile?: boolean };
const alertsIn = async (browser: ExtensionBrowser): Promise<Alert[]> =>
  Object.entries(await readLocalStore(browser))
    .filter(([k]) => k.startsWith('v1/alert/'))
    .map(([, v]) => v as Alert);
const ghostAlert = async (browser: ExtensionBrowser) => (await alertsIn(browser)).find((a) => a.rule === 'ghost-device') ?? null;

/** Opens the conversation in `browser` on a page of its own; resolves once KeyWatch has read it. */
async function openConversation(browser: ExtensionBrowser, server: TestServer, ghost: boolean): Promise<{ page: TestPage; url: string }> {
  const url = server.publish(`/forge-${Math.random().toString(36).slice(2)}.html`, disclosurePage('Bob', disclosure(ghost)));
  const page = await browser.newPage(url);
  await tabIdFor(browser, url);
  await pollUntil('Bob in the store', async () => Object.keys(await readLocalStore(browser)).some((k) => k.endsWith('|bob')));
  return { page, url };
}

/** The attacker's "backup": a store where Bob's ghost device was seen and acknowledged (and Bob verified, if asked). */
async function attackersExport(browser: ExtensionBrowser, server: TestServer, verifyBob: boolean): Promise<string> {
  await openConversation(browser, server, true);
  const ghost = await pollUntil('the ghost device alert', () => ghostAlert(browser));
  assert.equal((await sendFromExtension(browser, 'trust/acknowledge', { alertId: ghost.id, lastRaised: ghost.lastRaised })).ok, true);
  if (verifyBob) await verify(browser, 'bob');
  const exported = await sendFromExtension(browser, 'records/export', {});
  assert.equal(exported.ok, true);
  return exported.text as string;
}

export const tests: E2ETest[] = [
  {
    name: 'records import: a crafted file cannot pre-acknowledge a ghost device that has not appeared yet',
    async run({ pool, server }) {
      const text = await attackersExport(await pool.launch('forger'), server, false);

      const browser = await pool.launch('victim');
      const { page, url } = await openConversation(browser, server, false);
      assert.equal(await ghostAlert(browser), null, 'no ghost device here yet');
      const options = await openImportReview(browser, text);
      assert.equal(
        await options.evaluate(() => !!document.querySelector('[data-testid="import-effects"]'), null),
        false,
        'it closes nothing here and adds no verification: nothing to confirm',
      );
      await applyImport(options);
      assert.equal((await ghostAlert(browser))?.state, 'acknowledged', "the other browser's alert is kept, as its history");

      // Tomorrow the server adds the ghost device: the critical alert is raised all the same.
      await page.evaluate((json) => (window as any).setDisclosure(json), JSON.stringify(disclosure(true)));
      await pollUntil('the ghost device alert open', async () => (await ghostAlert(browser))?.state === 'open');
      const popup = await openPopupFor(browser, url);
      await waitForAlert(popup, 'critical', /Possible ghost device: Bob's device “ghost”/);
      await pollUntil('a critical badge', async () => Number(await browser.badgeText()) >= 1);
    },
  },
  {
    name: 'records import: the review lists every alert it would close and every verification it would add; nothing happens until confirmed',
    async run({ pool, server }) {
      // Here the ghost device was found first, and its alert is open.
      const browser = await pool.launch('reviewer');
      await openConversation(browser, server, true);
      const open = await pollUntil('the ghost device alert', () => ghostAlert(browser));
      assert.equal(open.state, 'open');
      // Elsewhere, later, it was acknowledged and Bob verified.
      const text = await attackersExport(await pool.launch('elsewhere'), server, true);

      const options = await openImportReview(browser, text);
      const listed = await options.evaluate(
        () => ({
          closes: [...document.querySelectorAll('[data-testid="import-close"]')].map((li) => [
            li.getAttribute('data-id'),
            li.getAttribute('data-by'),
            li.textContent ?? '',
          ]),
          verifications: [...document.querySelectorAll('[data-testid="import-verification"]')].map((li) => [
            li.getAttribute('data-contact'),
            li.getAttribute('data-now'),
          ]),
          applyDisabled: (document.querySelector('[data-testid="import-apply"]') as HTMLButtonElement).disabled,
        }),
        null,
      );
      // The ghost device, acknowledged there; Bob's first sight, answered by the verification the file brings.
      const firstSeen = (await alertsIn(browser)).find((a) => a.rule === 'first-seen' && a.contactId === 'bob')!;
      assert.equal(firstSeen.state, 'open');
      assert.deepEqual(
        listed.closes.map(([id, by]) => [id, by]).sort(),
        [
          [open.id, 'acknowledgement'],
          [firstSeen.id, 'verification'],
        ].sort(),
      );
      // Names in KeyWatch's sentences are isolated (FSI … PDI), invisible in the text.
      assert.match(
        listed.closes.find(([id]) => id === open.id)![2]!.replace(/[\u2068\u2069]/g, ''),
        /Possible ghost device: Bob's device “ghost”/,
      );
      assert.deepEqual(listed.verifications, [['bob', 'true']]);
      assert.equal(listed.applyDisabled, true, 'the import waits for the confirmation');

      // Asked without the confirmation (as another page could), the background refuses and changes nothing.
      const before = await readLocalStore(browser);
      const refused = await sendFromExtension(browser, 'records/import-apply', { text, decisions: {}, confirmed: null });
      assert.equal(refused.ok, false);
      assert.match(refused.reason, /not confirmed.*Nothing was changed\./);
      assert.deepEqual(await readLocalStore(browser), before, 'nothing was changed');

      await options.click('[data-testid="import-confirm"]');
      await options.waitFor(
        'the import allowed',
        () => !(document.querySelector('[data-testid="import-apply"]') as HTMLButtonElement).disabled,
        null,
      );
      await applyImport(options);
      assert.equal((await ghostAlert(browser))?.state, 'acknowledged');
      await options.waitFor(
        'Bob verified on the records page',
        () => document.querySelector('[data-testid="contact"][data-id="bob"]')?.getAttribute('data-trust') === 'verified',
        null,
      );
    },
  },
];
