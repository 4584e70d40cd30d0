// Two local pages (two origins: 127.0.0.1 and localhost) flood KeyWatch with
// groups of people it has never seen, as a page that fills storage on purpose
// would. The store stops growing at its limits: a critical limit alert says
// so, the page's tab says why nothing more is taken in, the records page still
// opens (the time it takes is printed), and its export still fits the import limit.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { decodeStore } from '../../src/core/trust';
import { pollUntil, sleep, type ExtensionBrowser, type TestPage } from '../harness';
import type { E2ETest } from '../test-api';

const GROUPS = 12;
const PEOPLE = 2000;
const PACE_MS = 1000;
const MIB = 1024 * 1024;
/** The limits of the store (src/core/trust/limits/store-limits.ts). */
const TOTAL_CHARS = 24 * MIB;
const ORIGIN_CHARS = 20 * MIB;
/** What may go past a bound: the limit alerts themselves. */
const ALLOWANCE = 16 * 1024;

/** Real X25519 public keys, base64, made here once: a page could make as many, and WebCrypto in a page is slow at this count. */
function keyPool(count: number): string[] {
  return Array.from({ length: count }, () => Buffer.from(x25519.getPublicKey(randomBytes(32))).toString('base64'));
}

/**
 * A page that swaps in a group of new people (new ids, keys from `keys`) every
 * `pace` ms, `groups` times; `window.floodDone` once it has, `window.floodError` if it could not.
 */
function floodPage(groups: number, keys: string[], pace: number): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Flood</title></head><body>
<script type="application/keywatch+json" id="keywatch-disclosure"></script>
<script>
const keys = ${JSON.stringify(keys)};
const person = (id, name, key) => ({ id, name, identityKey: { algorithm: 'curve25519', key }, shown: true, devices: [] });
const el = document.getElementById('keywatch-disclosure');
(async () => {
  const me = person('me', 'Me', keys[0]);
  for (let sent = 0; sent < ${groups}; sent++) {
    const tag = Math.random().toString(36).slice(2);
    const participants = [me];
    for (let i = 1; i < keys.length; i++) participants.push(person('made-up-' + tag + '-' + i, 'Made-up person ' + i, keys[i]));
    el.textContent = JSON.stringify({ version: 1, messenger: 'Flood', account: 'me', conversation: { id: 'group-' + tag, title: 'Group ' + sent, kind: 'group' }, participants });
    await new Promise((done) => setTimeout(done, ${pace}));
  }
  window.floodDone = true;
})().catch((error) => { window.floodError = String(error); });
</script></body></html>`;
}

interface StoreFigures {
  records: number;
  chars: number;
  byOrigin: Record<string, number>;
  limitAlerts: Array<{ origin: string; detail: string; occurrences: number; state: string }>;
}

/**
 * What storage.local holds, counted as the records file writes it: each record as the trust store reads it (contacts,
 * roster chunks and alerts are stored compact, docs/storage.md). Read from a page that does not redraw on every change.
 */
async function figures(helper: TestPage): Promise<StoreFigures> {
  const stored: Record<string, unknown> = await helper.evaluate(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return api.storage.local.get(null);
  }, null);
  const all = decodeStore(stored) as Record<string, any>;
  let chars = 0;
  for (const [key, value] of Object.entries(all))
    if (!key.startsWith('v3/usage')) chars += JSON.stringify(key).length + JSON.stringify(value).length + 3;
  const byOrigin: Record<string, number> = {};
  for (const [key, value] of Object.entries(all)) if (key.startsWith('v3/usage/')) byOrigin[value.origin] = value.chars;
  const loud: Record<string, number> = {};
  for (const r of Object.values(all)) if (r?.rule && r.state === 'open' && r.severity !== 'info') loud[r.rule] = (loud[r.rule] ?? 0) + 1;
  const limitAlerts = Object.values(all)
    .filter((r) => r?.rule === 'storage-limit')
    .map((r) => ({ origin: r.origin, detail: r.detail, occurrences: r.occurrences, state: r.state }));
  return { records: Object.keys(all).length, chars, byOrigin, limitAlerts, loud } as StoreFigures;
}

/** Opens the records page and returns how long it took to show its content (ms from navigation start). */
async function recordsPageLoad(browser: ExtensionBrowser): Promise<number> {
  const page = await browser.openExtensionPage('options.html');
  try {
    const shown = await page.waitFor(
      'the records page content',
      () => performance.getEntriesByName('keywatch:content-shown')[0]?.startTime ?? 0,
      null,
      120_000,
    );
    return shown;
  } finally {
    await page.close();
  }
}

/** How long reading the store takes from an extension page: all of it, and only what the records page shows (ms). */
async function readTimes(helper: TestPage): Promise<{ all: number; shown: number }> {
  return helper.evaluate(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    let started = performance.now();
    await api.storage.local.get(null);
    const all = performance.now() - started;
    started = performance.now();
    const names: string[] = typeof api.storage.local.getKeys === 'function' ? await api.storage.local.getKeys() : [];
    await api.storage.local.get(names.filter((k) => k.startsWith('v1/contact/') || k.startsWith('v1/alert/') || k === 'settings'));
    return { all: Math.round(all), shown: Math.round(performance.now() - started) };
  }, null);
}

async function exportedChars(page: TestPage): Promise<number> {
  return page.evaluate(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    const reply = await api.runtime.sendMessage({ type: 'records/export', request: {} });
    return reply.ok ? (reply.text as string).length : -1;
  }, null);
}

export const tests: E2ETest[] = [
  {
    name: 'storage limits: two pages flooding new people stop at the limits, with a critical alert, the records page still opening and an export that imports',
    // Filling 48 MiB through the background takes minutes on a busy machine.
    timeoutMs: 600_000,
    async run({ browser: name, pool, server }) {
      const browser = await pool.launch('flood-store');
      const emptyMs = await recordsPageLoad(browser);
      // Extension APIs from a page that, unlike the records page, does not read the whole store at every change.
      const helper = await browser.openExtensionPage('about.html');
      const url = server.publish('/fill-store.html', floodPage(GROUPS, keyPool(PEOPLE), PACE_MS));
      const other = url.replace('127.0.0.1', 'localhost');
      const started = Date.now();
      // One page after the other, each in the front tab: a browser slows the timers of a tab in the background.
      for (const address of [url, other]) {
        const page = await browser.newPage(address);
        await page.waitFor(
          'the flood to end',
          () => (window as any).floodDone === true || (window as any).floodError !== undefined,
          null,
          240_000,
        );
        assert.equal(await page.evaluate(() => (window as any).floodError ?? null, null), null, 'the page made every group');
      }
      // The background takes in what it can of the last groups: wait until the store stops changing.
      let last = -1;
      const settled = await pollUntil(
        'the store to settle',
        async () => {
          await sleep(3000);
          const now = await figures(helper);
          const same = now.chars === last;
          last = now.chars;
          return same && now;
        },
        300_000,
      );
      const seconds = Math.round((Date.now() - started) / 1000);
      const atLimitMs = await recordsPageLoad(browser);
      const exported = await exportedChars(helper);
      const reads = await readTimes(helper);
      const badge = await browser.badgeText();
      console.log(
        `     [${name}] ${2 * GROUPS} groups of ${PEOPLE} new people from 2 origins in ${seconds} s: ${settled.records} records, ` +
          `${(settled.chars / MIB).toFixed(1)} MiB (${Object.entries(settled.byOrigin)
            .map(([o, c]) => `${o || '(no origin)'} ${(c / MIB).toFixed(1)} MiB`)
            .join(', ')}); limit alerts ${JSON.stringify(settled.limitAlerts)}; badge ${JSON.stringify(badge)}; ` +
          `records page ${Math.round(emptyMs)} ms empty, ${Math.round(atLimitMs)} ms at the limit (${(atLimitMs / emptyMs).toFixed(1)}×); ` +
          `export ${(exported / MIB).toFixed(1)} MiB of the 64 MiB import limit; reading the store ${reads.all} ms, ` +
          `only contacts, alerts and settings ${reads.shown} ms; open alerts by rule ${JSON.stringify((settled as any).loud)}`,
      );

      assert.ok(settled.chars <= TOTAL_CHARS + ALLOWANCE, `the store holds at most its total: ${settled.chars}`);
      for (const [origin, chars] of Object.entries(settled.byOrigin)) assert.ok(chars <= ORIGIN_CHARS + ALLOWANCE, `${origin}: ${chars}`);
      assert.ok(settled.limitAlerts.length >= 1 && settled.limitAlerts.length <= 3, 'one limit alert per origin, or one for every site');
      assert.ok(settled.limitAlerts.every((a) => a.state === 'open'));
      assert.notEqual(badge, '', 'the badge counts the limit alert');
      assert.ok(exported > 0 && exported < 64 * MIB, `the export fits the import limit: ${exported}`);
      const popup = await browser.openExtensionPage(`popup.html?tab=${await tabOf(helper, url)}`);
      await popup.waitFor(
        'why the page is not taken in',
        () => /limit/.test(document.querySelector('[data-testid="problem"]')?.textContent ?? ''),
        null,
        20_000,
      );
    },
  },
];

async function tabOf(helper: TestPage, url: string): Promise<number> {
  return helper.evaluate(async (u) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    const session = await api.storage.session.get(null);
    const entry = Object.entries(session).find(([key, value]: [string, any]) => key.startsWith('tab/') && value?.url === u);
    return entry ? Number(entry[0].slice(4)) : -1;
  }, url);
}
