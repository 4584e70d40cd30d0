// Every warning and critical alert is reachable by scrolling the popup itself:
// eight of them (eight devices of one person that her identity key never
// signed) stand in the page's own flow, with no inner scroll box between them
// and the popup, and scrolling the popup brings each one, and its button, into view.
import assert from 'node:assert/strict';
import { curve25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { openConversationAs } from '../verify/pages';
import type { E2ETest } from '../test-api';

const GHOSTS = 8;

const carol: ParticipantSpec = {
  id: 'carol',
  name: 'Carol',
  identity: curve25519Pair('flow/carol'),
  devices: Array.from({ length: GHOSTS }, (_, i) => ({ id: `ghost-${i + 1}`, key: curve25519Pair(`flow/carol/${i + 1}`), signer: null })),
};

export const tests: E2ETest[] = [
  {
    name: 'popup: eight warnings, every one reachable by scrolling the popup, none in an inner scroll box',
    async run({ pool, server }) {
      const browser = await pool.launch('flow');
      const { tabId } = await openConversationAs(browser, server, 'alice', true, [carol]);
      const popup = await browser.openExtensionPage(`popup.html?tab=${tabId}`);
      await popup.waitFor(
        `${GHOSTS} warnings`,
        (n) => document.querySelectorAll('[data-testid="alerts"] [data-testid="alert"]').length === n,
        GHOSTS,
        20_000,
      );
      assert.equal(await popup.evaluate(() => document.getElementById('alerts-title')?.textContent, null), `${GHOSTS} warnings`);

      const layout = await popup.evaluate(() => {
        window.scrollTo(0, 0);
        const alerts = [...document.querySelectorAll<HTMLElement>('[data-testid="alerts"] [data-testid="alert"]')];
        /** Ancestors that scroll (or clip) their own content: an alert inside one is not reached by scrolling the popup. */
        const innerBoxes = alerts.flatMap((alert) => {
          const boxes: string[] = [];
          for (let el = alert.parentElement; el && el !== document.documentElement && el !== document.body; el = el.parentElement) {
            const overflow = getComputedStyle(el).overflowY;
            if (overflow !== 'visible' && el.scrollHeight > el.clientHeight + 1) boxes.push(`${el.tagName}.${el.className} (${overflow})`);
          }
          return boxes;
        });
        return {
          innerBoxes,
          pageHeight: document.scrollingElement!.scrollHeight,
          windowHeight: window.innerHeight,
          belowTheFold: alerts.filter((a) => a.getBoundingClientRect().top >= window.innerHeight).length,
        };
      }, null);
      assert.deepEqual(layout.innerBoxes, [], 'no alert sits in an inner scroll box');
      assert.ok(
        layout.pageHeight > layout.windowHeight,
        `the popup is taller than its window (${layout.pageHeight} > ${layout.windowHeight})`,
      );
      assert.ok(layout.belowTheFold > 0, 'some warnings start below the fold');

      for (let i = 0; i < GHOSTS; i++) {
        const seen = await popup.evaluate((index) => {
          window.scrollTo(0, 0);
          const alert = document.querySelectorAll<HTMLElement>('[data-testid="alerts"] [data-testid="alert"]')[index]!;
          // What a person does: scroll the popup until the alert is in view.
          const top = alert.getBoundingClientRect().top + window.scrollY;
          window.scrollTo(0, Math.max(0, top - 8));
          const box = alert.getBoundingClientRect();
          const button = alert.querySelector('button')!.getBoundingClientRect();
          const atCentre = document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height, window.innerHeight) / 2);
          return {
            scrolled: window.scrollY,
            inView: box.top >= 0 && box.top < window.innerHeight,
            buttonInView: button.top >= 0 && button.bottom <= window.innerHeight,
            onTop: !!atCentre && alert.contains(atCentre),
          };
        }, i);
        assert.ok(
          seen.inView && seen.buttonInView && seen.onTop,
          `warning ${i + 1} is in view after scrolling the popup: ${JSON.stringify(seen)}`,
        );
      }
      console.log(
        `     popup ${layout.pageHeight} px tall in a ${layout.windowHeight} px window; ${layout.belowTheFold} of ${GHOSTS} warnings start below the fold`,
      );
    },
  },
];
