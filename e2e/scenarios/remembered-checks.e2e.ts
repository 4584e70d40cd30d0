// Remembered checks: a background that was stopped, or a browser that was
// restarted, does not verify an unchanged roster again. Every key and device
// signature is checked once (through WebCrypto's Ed25519, which both browsers
// have), remembered in storage.local, and answered from there afterwards with
// the same verdicts; clearing all data forgets them too.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import type { ExtensionBrowser } from '../harness';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { backgroundAnswers, readLocalStore, sendFromExtension } from '../support/extension';
import type { E2ETest } from '../test-api';

const MEMBERS = 40;

function roster(): string {
  const people: ParticipantSpec[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    people.push({
      id: `member-${i}`,
      // Both identity kinds: Ed25519 signatures and XEdDSA ones.
      identity: i % 2 === 0 ? ed25519Pair(`remember-${i}`) : curve25519Pair(`remember-${i}`),
      devices: [{ id: 'd1', key: curve25519Pair(`remember-${i}-d1`, 32) }],
    });
  }
  // One device signed by the wrong key: its verdict must be remembered as bad, not as good.
  people[7]!.devices.push({ id: 'forged', key: curve25519Pair('remember-forged', 32), signer: ed25519Pair('mallory') });
  return JSON.stringify(disclosureOf('member-0', people));
}

interface CheckMetrics {
  path: string;
  keyEngine: string;
  keys: { asked: number; remembered: number; computed: number };
  signatures: { asked: number; remembered: number; verified: number };
  at: number;
}

/** The checks of the next snapshot taken in after `since`. */
async function checksAfter(browser: ExtensionBrowser, since: number): Promise<CheckMetrics> {
  return pollUntil(
    'the checks of a new snapshot',
    async () => {
      const metrics = await browser.inExtension(async () => {
        const api = (globalThis as any).browser ?? (globalThis as any).chrome;
        return (await api.storage.session.get('metrics/checks'))['metrics/checks'] ?? null;
      }, null);
      return metrics && metrics.at > since && metrics.signatures.asked > 0 ? (metrics as CheckMetrics) : null;
    },
    30_000,
  );
}

const SIGNATURES = MEMBERS + 1;
const KEYS = 2 * MEMBERS + 1;

export const tests: E2ETest[] = [
  {
    name: 'remembered checks: a stopped background and a restarted browser verify nothing again; clearing all data forgets them',
    async run({ pool, server }) {
      const url = server.publish('/remembered.html', disclosurePage('Remembered', JSON.parse(roster())));
      let browser = await pool.launch('remember');
      let page = await browser.newPage(url);
      const first = await checksAfter(browser, 0);
      assert.equal(first.path, 'webcrypto', `${browser.name} verifies through WebCrypto's Ed25519`);
      assert.equal(first.keyEngine, 'wasm', `${browser.name} checks keys in WebAssembly`);
      assert.deepEqual(first.signatures, { asked: SIGNATURES, remembered: 0, verified: SIGNATURES });
      assert.deepEqual(first.keys, { asked: KEYS, remembered: 0, computed: KEYS });
      // The forged device: a ghost-device alert and its problem line, both critical.
      const badge = await pollUntil('the forged device on the badge', async () => ((await browser.badgeText()) === '2' ? '2' : null));
      const stored = await pollUntil('the remembered checks written', async () => {
        const keys = Object.keys(await readLocalStore(browser)).filter((key) => key.startsWith('verdicts/'));
        return keys.length > 0 ? keys : null;
      });
      assert.ok(stored.every((key) => /^verdicts\/\d+$/.test(key)));

      // 1. The background stops; the page reports again: everything is answered from memory.
      await browser.stopBackground();
      await backgroundAnswers(browser);
      let since = Date.now();
      await page.goto(url);
      const afterStop = await checksAfter(browser, since);
      assert.deepEqual(afterStop.signatures, { asked: SIGNATURES, remembered: SIGNATURES, verified: 0 });
      assert.deepEqual(afterStop.keys, { asked: KEYS, remembered: KEYS, computed: 0 });
      assert.equal(await browser.badgeText(), badge, 'the forged device is still a ghost');

      // 2. The browser restarts on the same profile.
      await browser.close();
      browser = await pool.launch('remember');
      since = Date.now();
      page = await browser.newPage(url);
      const afterRestart = await checksAfter(browser, since);
      assert.deepEqual(afterRestart.signatures, { asked: SIGNATURES, remembered: SIGNATURES, verified: 0 });
      await pollUntil('the badge after the restart', async () => (await browser.badgeText()) === badge);

      // 3. Clearing all data removes the remembered checks with every record.
      const cleared = await sendFromExtension(browser, 'records/clear', { confirm: 'clear-all-data' });
      assert.equal(cleared.ok, true);
      assert.deepEqual(
        Object.keys(await readLocalStore(browser)).filter((key) => key.startsWith('verdicts/')),
        [],
      );
      since = Date.now();
      await page.goto(url);
      const afterClear = await checksAfter(browser, since);
      assert.deepEqual(afterClear.signatures, { asked: SIGNATURES, remembered: 0, verified: SIGNATURES });
    },
  },
];
