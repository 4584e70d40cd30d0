// A large disclosure changed in place reaches KeyWatch as an edit of the text the
// background holds; after the background stopped (its memory, and the held text,
// gone) the next change still gets through whole, sent whole at once: the
// content script's port to the background closed when it stopped, so the woken
// background never has to ask for it. Each change here is a ghost device: one
// that went unread would leave its alert missing.
import assert from 'node:assert/strict';
import { curve25519Pair, disclosureOf, ed25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import { disclosurePage } from '../support/disclosure-page';
import { openPopupFor, waitForAlert } from '../support/extension';
import type { E2ETest } from '../test-api';
import type { ExtensionBrowser } from '../harness';
import { WHOLE_ASKED_METRICS_KEY } from '../../src/background/disclosure-bases';

const MEMBERS = 300;

function members(): ParticipantSpec[] {
  return Array.from({ length: MEMBERS }, (_, i) => ({
    id: `member-${i}`,
    name: `Member ${i}`,
    identity: ed25519Pair(`edits/${i}`),
    devices: [{ id: 'd1', key: curve25519Pair(`edits/${i}/d1`, 32) }],
  }));
}

/** How often the background answered a change "send it whole" (0 when it never did). */
async function wholeAsked(browser: ExtensionBrowser): Promise<number> {
  const found = await browser.inExtension(async (key) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return (await api.storage.session.get(key))[key] as { count: number } | undefined;
  }, WHOLE_ASKED_METRICS_KEY);
  return found?.count ?? 0;
}

export const tests: E2ETest[] = [
  {
    name: 'disclosure edits: every change of a large roster is read, also after the background stopped',
    async run({ pool, server }) {
      const browser = await pool.launch('edits');
      const people = members();
      const url = server.publish('/edits.html', disclosurePage('Edits', disclosureOf('member-0', people)));
      const page = await browser.newPage(url);
      const setDisclosure = (text: string) => page.evaluate((t) => (window as any).setDisclosure(t), text);
      // The first text is read (and held) before the page changes it.
      const first = await openPopupFor(browser, url);
      await first.waitFor(
        'the roster in the popup',
        () => document.querySelectorAll('[data-testid="participant"]').length > 0,
        null,
        20_000,
      );
      await first.close();

      const ghost = (member: number, device: string) => {
        people[member]!.devices.push({ id: device, key: curve25519Pair(`edits/${device}`, 32), signer: null });
        return JSON.stringify(disclosureOf('member-0', people));
      };
      await setDisclosure(ghost(1, 'ghost-one'));
      let popup = await openPopupFor(browser, url);
      await waitForAlert(popup, 'critical', /ghost-one/);
      await popup.close();

      const askedBefore = await wholeAsked(browser);
      await browser.stopBackground();
      await setDisclosure(ghost(200, 'ghost-two'));
      popup = await openPopupFor(browser, url);
      await waitForAlert(popup, 'critical', /ghost-two/);
      await popup.close();
      // Sent whole at once: the woken background did not have to ask for it.
      assert.equal(await wholeAsked(browser), askedBefore, 'the woken background had to ask for the whole text');

      // And the text the background now holds is the one the next edit builds on.
      await setDisclosure(ghost(299, 'ghost-three'));
      popup = await openPopupFor(browser, url);
      await waitForAlert(popup, 'critical', /ghost-three/);
      await waitForAlert(popup, 'critical', /ghost-one/);
    },
  },
];
