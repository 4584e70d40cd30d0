// The carried copy: a stopped background takes in what its copy of the trust
// store knew (left in storage.session after each write) instead of reading
// every record again, and only while storage.local is exactly as it was then.
// Records the stopped background had found valid come with that verdict, and
// are not checked again. A write it did not see (another stamp), or clearing
// all data, and the woken background reads storage.local afresh.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { CARRY_KEY, CARRY_METRICS_KEY, STAMP_KEY } from '../../src/background/store-carry';
import type { ExtensionBrowser, TestPage } from '../harness';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { backgroundAnswers, readLocalStore, sendFromExtension } from '../support/extension';
import type { E2ETest } from '../test-api';

/** More people than the smallest load that takes the carried copy in. */
const MEMBERS = 80;
const CHANGING = 5;

/** The roster, with `tablets` new devices for one member. */
function roster(tablets: number): string {
  const people: ParticipantSpec[] = Array.from({ length: MEMBERS }, (_, i) => ({
    id: `member-${i}`,
    identity: ed25519Pair(`carried-${i}`),
    devices: [
      { id: 'd1', key: curve25519Pair(`carried-${i}-d1`, 32) },
      ...(i === CHANGING
        ? Array.from({ length: tablets }, (_, k) => ({ id: `tablet-${k}`, key: curve25519Pair(`carried-tablet-${k}`, 32) }))
        : []),
    ],
  }));
  return JSON.stringify(disclosureOf('member-0', people));
}

type Session = Record<string, unknown>;

async function session(browser: ExtensionBrowser): Promise<Session> {
  return browser.inExtension(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return api.storage.session.get(null) as Promise<Session>;
  }, null);
}

/** Waits until storage.session holds a copy carried at storage.local's stamp now, and gives that stamp. */
async function carriedNow(browser: ExtensionBrowser): Promise<string> {
  return pollUntil('the copy carried after the last write', async () => {
    const [carried, local] = [(await session(browser))[CARRY_KEY], await readLocalStore(browser)];
    const stamp = local[STAMP_KEY];
    return typeof carried === 'string' && typeof stamp === 'string' && carried.includes(`"stamp":"${stamp}"`) ? stamp : null;
  });
}

/** What the woken background did with the carried copy, recorded after `since`. */
async function carryOutcome(browser: ExtensionBrowser, since: number): Promise<{ taken?: number; withVerdict?: number; refused?: string }> {
  return pollUntil('the woken background to take or refuse the carried copy', async () => {
    const outcome = (await session(browser))[CARRY_METRICS_KEY] as
      { at: number; taken?: number; withVerdict?: number; refused?: string } | undefined;
    return outcome && outcome.at >= since ? outcome : null;
  });
}

async function stopAndChange(browser: ExtensionBrowser, page: TestPage, text: string): Promise<number> {
  await browser.stopBackground();
  await backgroundAnswers(browser);
  const since = Date.now();
  await page.evaluate((t) => (window as unknown as { setDisclosure(t: string): void }).setDisclosure(t), text);
  return since;
}

const contactKeys = (store: Record<string, unknown>) => Object.keys(store).filter((key) => key.startsWith('v1/contact/'));

export const tests: E2ETest[] = [
  {
    name: 'carried copy: a stopped background takes in what it knew, and reads storage afresh after a write it did not see or a clear',
    async run({ pool, server }) {
      const url = server.publish('/carried.html', disclosurePage('Carried', JSON.parse(roster(0))));
      const browser = await pool.launch('carried');
      const page = await browser.newPage(url);
      await pollUntil('the roster stored', async () => contactKeys(await readLocalStore(browser)).length === MEMBERS);
      await carriedNow(browser);

      // 1. A new device after a stop: the carried copy is taken in, and the change is seen as it would be without it.
      let since = await stopAndChange(browser, page, roster(1));
      await pollUntil('the new device on the badge', async () => (await browser.badgeText()) === '1');
      const taken = await carryOutcome(browser, since);
      assert.ok((taken.taken ?? 0) > MEMBERS, `the carried copy taken in: ${JSON.stringify(taken)}`);

      // 1b. The records that background read (every contact) were found valid there: the next woken one takes them in with
      // that verdict. (Records a worker only wrote carry none: it never read them back.)
      await carriedNow(browser);
      since = await stopAndChange(browser, page, roster(2));
      await pollUntil('the second new device on the badge', async () => (await browser.badgeText()) === '2');
      const carried = await carryOutcome(browser, since);
      assert.ok((carried.withVerdict ?? 0) >= MEMBERS - 1, `verdicts carried with the copy: ${JSON.stringify(carried)}`);

      // 2. A write the carried copy did not see (another stamp in storage.local): not used; the next device still counts.
      await carriedNow(browser);
      await browser.inExtension(async (key) => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        await api.storage.local.set({ [key]: 'written-elsewhere' });
      }, STAMP_KEY);
      since = await stopAndChange(browser, page, roster(3));
      await pollUntil('the third new device on the badge', async () => (await browser.badgeText()) === '3');
      assert.deepEqual(await carryOutcome(browser, since).then(({ refused }) => refused), 'stale');

      // 3. Clearing all data takes the carried copy with it: the woken background sees the roster for the first time.
      await carriedNow(browser);
      const cleared = await sendFromExtension(browser, 'records/clear', { confirm: 'clear-all-data' });
      assert.equal(cleared.ok, true);
      assert.equal(contactKeys(await readLocalStore(browser)).length, 0);
      const left = (await session(browser))[CARRY_KEY];
      assert.ok(typeof left !== 'string' || !left.includes('v1/contact/'), 'no carried copy holds a cleared contact');
      await stopAndChange(browser, page, roster(0));
      // Had the old copy been taken in, every contact would have seemed known and none would be written again.
      await pollUntil('the roster stored again', async () => contactKeys(await readLocalStore(browser)).length === MEMBERS);
      await pollUntil('no alert left from before the clear', async () => (await browser.badgeText()) === '');
    },
  },
];
