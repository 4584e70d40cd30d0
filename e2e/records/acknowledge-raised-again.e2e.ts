// The records page follows the store, so an alert can be raised again while the
// user is confirming its acknowledgement. The confirmation was opened on one
// occurrence; confirming it must not close the next one, which the user never
// read: the box closes when the alert is raised again, and confirming starts over
// from what the page shows now.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type DeviceSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil } from '../harness';
import { readLocalStore } from '../support/extension';
import type { E2ETest } from '../test-api';
import { openConversationAs, people } from '../verify/pages';

const PROBLEM = '[data-testid="logged-alert"][data-rule="snapshot-problem"][data-state="open"]';

interface StoredAlert {
  rule: string;
  state: string;
  occurrences: number;
  lastRaised: number;
}

async function problemAlert(browser: Parameters<typeof readLocalStore>[0]): Promise<StoredAlert | undefined> {
  const store = await readLocalStore(browser);
  return Object.values(store).find((r): r is StoredAlert => (r as StoredAlert | null)?.rule === 'snapshot-problem');
}

export const tests: E2ETest[] = [
  {
    name: 'records: an alert raised again while its acknowledgement is being confirmed closes the box, and is not closed with it',
    async run({ pool, server }) {
      const browser = await pool.launch('acknowledge-raised-again');
      const conversation = await openConversationAs(browser, server, 'alice', true);
      // A device of Bob's whose signature does not verify: a problem line, one more occurrence of the conversation's
      // problem alert each time a new one is listed.
      const forged: DeviceSpec[] = [];
      const listForgedDevice = (id: string) => {
        forged.push({ id, key: curve25519Pair(`acknowledge-raised-again/${id}`), signer: ed25519Pair('acknowledge-raised-again/mallory') });
        const team = people.map((p) => (p.id === 'bob' ? { ...p, devices: [...p.devices, ...forged] } : p));
        return conversation.page.evaluate(
          (json) => (window as any).setDisclosure(json),
          JSON.stringify(disclosureOf('alice', team, 'group')),
        );
      };
      await listForgedDevice('forged-1');
      const first = await pollUntil('the problem alert', async () => {
        const alert = await problemAlert(browser);
        return alert?.state === 'open' ? alert : undefined;
      });

      const options = await browser.openExtensionPage('options.html');
      await options.waitFor('the open problem alert', (sel) => !!document.querySelector(sel), PROBLEM, 20_000);
      await options.click(`${PROBLEM} [data-testid="acknowledge"]`);
      await options.waitFor('the confirmation', (sel) => !!document.querySelector(sel), `${PROBLEM} [data-testid="confirm-acknowledge"]`);

      await listForgedDevice('forged-2');
      const second = await pollUntil('the alert raised again', async () => {
        const alert = await problemAlert(browser);
        return alert && alert.occurrences > first.occurrences ? alert : undefined;
      });
      assert.notEqual(second.lastRaised, first.lastRaised);
      // The box opened on the first occurrence is withdrawn; the alert is offered for acknowledging again.
      await options.waitFor(
        'the confirmation withdrawn',
        (sel) =>
          !document.querySelector(`${sel} [data-testid="confirm-acknowledge"]`) &&
          !!document.querySelector(`${sel} [data-testid="acknowledge"]`),
        PROBLEM,
        10_000,
      );
      assert.equal((await problemAlert(browser))?.state, 'open', 'the occurrence the user never read stays open');

      // Confirming what is shown now closes it.
      await options.click(`${PROBLEM} [data-testid="acknowledge"]`);
      await options.waitFor(
        'the confirmation again',
        (sel) => !!document.querySelector(sel),
        `${PROBLEM} [data-testid="confirm-acknowledge"]`,
      );
      await options.click(`${PROBLEM} [data-testid="confirm-acknowledge"]`);
      const closed = await pollUntil('the alert acknowledged', async () => {
        const alert = await problemAlert(browser);
        return alert?.state === 'acknowledged' ? alert : undefined;
      });
      assert.equal(closed.lastRaised, second.lastRaised);
    },
  },
];
