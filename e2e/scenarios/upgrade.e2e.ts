// Upgrading KeyWatch over an existing store, in the real browser: a profile
// whose storage.local holds a version 1 store (written by the version 1 code:
// src/core/trust/testing/fixtures/store-v1.json) is migrated to the current
// version when the browser starts again, each roster moved into chunks with
// nothing lost; a version 2 store's alerts lose their stored English text and
// the records page still says what it said (keys in today's printed form), but
// for its first-sight notice about the account holder, which is no longer
// shown; a version 3 store's keys are respelled (a verified contact a spelling
// had cleared is verified again, with nothing raised); a store from a newer
// version is left exactly as it is and reported.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, type ExtensionBrowser } from '../harness';
import { repoRoot } from '../harness/paths';
import { readLocalStore, readRawLocalStore, sendFromExtension } from '../support/extension';
import { inTodaysKeyForm } from '../../src/core/trust/testing/version-2-text';
import type { PublicKeyRef } from '../../src/core/roster';
import { CURRENT_SCHEMA_VERSION } from '../../src/core/trust/store/storage-keys';
import type { E2ETest } from '../test-api';

type Store = Record<string, unknown>;
type StoredAlert = {
  rule: string;
  account: string;
  contactId: string | null;
  summary?: string;
  occurrences?: number;
  key: PublicKeyRef | null;
  previousKey: PublicKeyRef | null;
};
type Member = { id: string; position: number };

const fixture = (version: number): Store =>
  JSON.parse(readFileSync(join(repoRoot, `src/core/trust/testing/fixtures/store-v${version}.json`), 'utf8')) as Store;
const CURRENT = CURRENT_SCHEMA_VERSION;
/** An alert as the current version reads it: its text is not stored; the fields added since version 2 at their defaults. */
const withoutText = (alert: unknown) => {
  const { summary: _s, accepts: _a, ...rest } = alert as Record<string, unknown>;
  return { newIdentityKey: null, fromFile: false, ...rest };
};
const conversation = (id: string) => `v1/conversation/https://courier.example|alice|${id}`;

/** Replaces the profile's storage.local once the fresh store is set up, then closes the browser. */
async function seed(browser: ExtensionBrowser, store: Store): Promise<void> {
  await pollUntil('the fresh store set up', async () => (await readLocalStore(browser)).schema);
  await browser.inExtension(async (contents) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    await api.storage.local.clear();
    await api.storage.local.set(contents);
  }, store);
  await browser.close();
}

/**
 * The store once migrated to the current version, and once `done` holds of it. A migration is one write of the
 * background: its records and the version in one set, then the records it drops in one remove. Reading in between
 * sees the new version with a dropped record still there, so a test of what was dropped waits for the remove too.
 */
async function migrated(browser: ExtensionBrowser, done: (store: Store) => boolean = () => true): Promise<Store> {
  return pollUntil('the store migrated to the current version', async () => {
    const now = await readLocalStore(browser);
    return (now.schema as { version?: number } | undefined)?.version === CURRENT && done(now) ? now : null;
  });
}

export const tests: E2ETest[] = [
  {
    name: 'upgrade: a version 1 store is migrated at start-up, every roster moved into chunks, nothing lost',
    async run({ pool }) {
      const v1 = fixture(1);
      await seed(await pool.launch('upgrade'), v1);
      const browser = await pool.launch('upgrade');
      // Until the damaged conversation is gone: set aside in the same write, by its remove.
      const store = await migrated(browser, (now) => now[conversation('broken')] === undefined);
      assert.deepEqual(store.options, { theme: 'dark' }, "a key that is not the trust store's is left alone");
      for (const id of ['team', 'dm-bob', 'all-hands']) {
        const before = v1[conversation(id)] as { roster: { id: string }[] };
        const after = store[conversation(id)] as { rosterChunks: number; roster?: unknown };
        assert.equal(after.roster, undefined, `${id}: the roster left the conversation record`);
        const members: Member[] = [];
        for (let i = 0; i < after.rosterChunks; i++) {
          const chunk = store[`v2/roster/https://courier.example|alice|${id}/${i}`] as { members: Member[] } | undefined;
          assert.ok(chunk, `${id}: chunk ${i} of ${after.rosterChunks} is there`);
          members.push(...chunk.members);
        }
        const roster = members.sort((a, b) => a.position - b.position).map(({ position: _, ...m }) => m);
        assert.deepEqual(roster, before.roster, `${id}: the same members, fields and order`);
      }
      assert.equal((store[conversation('all-hands')] as { rosterChunks: number }).rosterChunks, 4);
      for (const [key, value] of Object.entries(v1)) {
        if (key.startsWith('v1/contact/')) assert.deepEqual(store[key], value, `${key} unchanged`);
        if (key.startsWith('v1/alert/')) assert.deepEqual(store[key], withoutText(value), `${key} unchanged but for its text`);
      }
      assert.equal(store[conversation('broken')], undefined, 'the damaged conversation was set aside');
      const copies = Object.entries(store).filter(
        ([k, v]) => k.startsWith('quarantine/') && (v as { originalKey?: string }).originalKey === conversation('broken'),
      );
      assert.equal(copies.length, 1, 'and copied to quarantine exactly once');
      assert.deepEqual((copies[0]![1] as { value: unknown }).value, v1[conversation('broken')]);
      await browser.close();
    },
  },
  {
    name: 'upgrade: a version 2 store keeps every alert, without its stored text, and the records page says the same words, but none about oneself',
    async run({ pool }) {
      const v2 = fixture(2);
      await seed(await pool.launch('upgrade-v2'), v2);
      const browser = await pool.launch('upgrade-v2');
      const store = await migrated(browser);
      const texts: string[] = [];
      const aboutOneself: string[] = [];
      for (const [key, value] of Object.entries(v2)) {
        const alert = value as StoredAlert;
        if (!key.startsWith('v1/alert/') || alert.occurrences === 0) continue; // the damaged one is set aside
        assert.deepEqual(store[key], withoutText(value), `${key} unchanged but for its text`);
        // Version 2 noticed first sight of the account holder herself: kept in the store, never shown.
        if (alert.rule === 'first-seen' && alert.contactId === alert.account) aboutOneself.push(inTodaysKeyForm(alert.summary!, alert));
        else texts.push(inTodaysKeyForm(alert.summary!, alert)); // keys in today's printed form
      }
      assert.ok(texts.length > 30);
      const options = await browser.openExtensionPage('options.html');
      const logged = await options.waitFor(
        'the alert log',
        () => {
          // Page text in KeyWatch's sentences is isolated (FSI … PDI): invisible, so left out of the comparison.
          const entries = [...document.querySelectorAll('[data-testid="logged-alert"]')].map((li) =>
            (li.textContent ?? '').replace(/[\u2068\u2069]/g, ''),
          );
          return entries.length > 0 ? entries : null;
        },
        null,
        20_000,
      );
      for (const text of texts)
        assert.ok(
          logged.some((entry) => entry.includes(text)),
          `the records page says: ${text}`,
        );
      assert.ok(aboutOneself.length > 0, 'version 2 noticed first sight of the account holder');
      for (const text of aboutOneself)
        assert.ok(!logged.some((entry) => entry.includes(text)), `the records page no longer shows: ${text}`);
      await browser.close();
    },
  },
  {
    name: 'upgrade: a version 3 store gets every key in one spelling; Bob, cleared by a spelling, is verified again, nothing raised',
    async run({ pool }) {
      const v3 = fixture(3);
      const bobKey = 'v1/contact/https://courier.example|alice|bob';
      assert.equal((v3[bobKey] as { trust: string }).trust, 'changed-after-verified');
      await seed(await pool.launch('upgrade-v3'), v3);
      const browser = await pool.launch('upgrade-v3');
      // Until the false key change is gone: dropped in the same write, by its remove.
      const store = await migrated(browser, (now) =>
        Object.entries(now).every(([k, v]) => !k.startsWith('v1/alert/') || (v as { rule?: string }).rule !== 'verified-key-changed'),
      );
      assert.deepEqual(store.options, { theme: 'dark' }, "a key that is not the trust store's is left alone");
      const bob = store[bobKey] as { trust: string; keys: unknown[] };
      assert.equal(bob.trust, 'verified');
      assert.equal(bob.keys.length, 1);
      const alerts = Object.entries(store)
        .filter(([k]) => k.startsWith('v1/alert/'))
        .map(([, v]) => v as { rule: string; contactId: string });
      assert.ok(!alerts.some((a) => a.rule === 'verified-key-changed'), 'the false key change is gone');
      assert.ok(!alerts.some((a) => a.rule === 'record-corrupt'), 'nothing was found damaged');
      const options = await browser.openExtensionPage('options.html');
      await options.waitFor(
        'Bob verified on the records page',
        () => document.querySelector('[data-testid="contact"][data-id="bob"]')?.getAttribute('data-trust') === 'verified',
        null,
        20_000,
      );
      await browser.close();
    },
  },
  {
    name: 'upgrade: a store from a newer version is left untouched and the problem reported, until the user clears every record',
    async run({ pool }) {
      const future: Store = {
        schema: { version: CURRENT + 1 },
        'v9/something': { kept: true },
        [conversation('team')]: { shape: 'unknown to this version' },
      };
      await seed(await pool.launch('future'), future);
      const browser = await pool.launch('future');
      const problem = await pollUntil('the problem reported', () =>
        browser.inExtension(async () => {
          const api = (globalThis as any).browser ?? (globalThis as any).chrome;
          return (await api.storage.session.get('store/problem'))['store/problem'] as string | null | undefined;
        }, null),
      );
      assert.match(
        problem,
        new RegExp(`schema version ${CURRENT + 1}, newer than this KeyWatch understands \\(${CURRENT}\\); nothing was changed`),
      );
      assert.deepEqual(await readRawLocalStore(browser), future, 'storage.local is exactly as it was');
      // The user clears every record (the records page): the store is a new one, and its problem is gone with it.
      assert.equal((await sendFromExtension(browser, 'records/clear', { confirm: 'clear-all-data' })).ok, true);
      assert.equal(
        await browser.inExtension(async () => {
          const api = (globalThis as any).browser ?? (globalThis as any).chrome;
          return ((await api.storage.session.get('store/problem'))['store/problem'] ?? null) as string | null;
        }, null),
        null,
        'no problem is reported of the new store',
      );
      await browser.close();
    },
  },
];
