// A page floods its disclosure: 2,000 updates in 10 s, faster than KeyWatch can
// read them, and halfway through a ghost device appears on Bob's account and
// stays. Afterwards the conversation has at most one problem alert (counting
// every occurrence), the ghost device's critical alert is first in the popup,
// the coverage line says states went unchecked, and the badge stays small.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil } from '../harness';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, participantNames, popupAlerts, readLocalStore, tabIdFor } from '../support/extension';
import type { E2ETest } from '../test-api';

const UPDATES = 2000;
const FLOOD_MS = 10_000;

function team(withGhost: boolean) {
  const people: ParticipantSpec[] = [
    {
      id: 'alice',
      name: 'Alice',
      identity: ed25519Pair('flood/alice'),
      devices: [{ id: 'laptop', key: curve25519Pair('flood/alice/laptop') }],
    },
    { id: 'bob', name: 'Bob', identity: curve25519Pair('flood/bob'), devices: [{ id: 'd1', key: curve25519Pair('flood/bob/d1') }] },
    { id: 'carol', name: 'Carol', identity: curve25519Pair('flood/carol'), devices: [{ id: 'd1', key: curve25519Pair('flood/carol/d1') }] },
  ];
  if (withGhost) people[1]!.devices.push({ id: 'ghost', key: curve25519Pair('flood/ghost'), signer: null });
  return disclosureOf('alice', people);
}

/**
 * Starts, in the page, `count` updates, one per task, spread over `ms`; from the
 * middle on, the ghosted roster. Carol's name changes each time. Progress is in
 * `window.floodProgress` (updates sent, and the time taken once done).
 */
function startFlood({ plain, ghosted, count, ms }: { plain: string; ghosted: string; count: number; ms: number }): void {
  const progress = { sent: 0, took: 0 };
  (window as any).floodProgress = progress;
  const started = performance.now();
  // Tasks through a message channel: a tab in the background has its timers slowed to one a second, not these.
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    const due = Math.min(count, Math.ceil(((performance.now() - started) / ms) * count));
    // One update per task: each is a state the page really showed.
    if (progress.sent < due) {
      const disclosure = JSON.parse(progress.sent < count / 2 ? plain : ghosted);
      disclosure.participants[2].name = `Carol ${progress.sent}`;
      (window as any).setDisclosure(JSON.stringify(disclosure));
      progress.sent += 1;
    }
    if (progress.sent < count) channel.port2.postMessage(null);
    else progress.took = performance.now() - started;
  };
  channel.port2.postMessage(null);
}

export const tests: E2ETest[] = [
  {
    name: 'flood of 2,000 page updates in 10 s: one problem alert, the ghost device first, a small badge',
    async run({ browser: name, pool, server }) {
      const browser = await pool.launch('flood');
      const url = server.publish('/flood.html', disclosurePage('Flood', team(false)));
      const page = await browser.newPage(url);
      await tabIdFor(browser, url);
      await page.evaluate(startFlood, {
        plain: JSON.stringify(team(false)),
        ghosted: JSON.stringify(team(true)),
        count: UPDATES,
        ms: FLOOD_MS,
      });
      const took = await page.waitFor('the flood to end', () => (window as any).floodProgress.took as number, null, 60_000);
      const popup = await openPopupFor(browser, url);
      // The last state the page showed is read whatever was skipped before it.
      await pollUntil('the last state read', async () => (await participantNames(popup)).includes(`Carol ${UPDATES - 1}`), 60_000);
      await pollUntil(
        'the ghost device alert',
        async () => (await popupAlerts(popup)).some(([s, text]) => s === 'critical' && /ghost/i.test(text)),
        20_000,
      );

      const store = await readLocalStore(browser);
      const alerts = Object.values(store).filter((r: any) => typeof r?.rule === 'string') as Array<{
        rule: string;
        state: string;
        occurrences: number;
      }>;
      const problems = alerts.filter((a) => a.rule === 'snapshot-problem');
      const skipped = await popup.evaluate(
        () => document.querySelector('[data-testid="coverage-gap"][data-kind="states-skipped"]')?.textContent ?? '',
        null,
      );
      const badge = await browser.badgeText();
      const shown = await popupAlerts(popup);
      console.log(
        `     [${name}] flood: ${UPDATES} updates in ${Math.round(took)} ms; badge ${JSON.stringify(badge)}; ` +
          `problem alerts ${problems.length} (occurrences ${problems.map((p) => p.occurrences).join(', ') || 0}); ` +
          `open warning/critical alerts ${alerts.filter((a) => a.state === 'open' && (a as any).severity !== 'info').length}; ` +
          `coverage: ${skipped || '(no skipped states)'}`,
      );

      assert.ok(problems.length <= 1, `at most one problem alert for the conversation, found ${problems.length}`);
      assert.match(shown[0]?.[1] ?? '', /ghost/i, 'the ghost device is the first alert in the popup');
      assert.equal(shown[0]?.[0], 'critical');
      assert.ok(Number(badge) <= 3, `a small badge, not one count per skipped batch: ${badge}`);
      if (problems.length === 1) {
        assert.ok(skipped.length > 0, 'the coverage line says which states were not checked');
        assert.ok(problems[0]!.occurrences >= 1);
      }
      assert.deepEqual(browser.extensionRequests(), [], 'the extension made no network request');
    },
  },
];
