// What KeyWatch keeps about a tab in storage.session (its state, its coverage)
// goes with the tab: a day of browsing must not fill the area that the carried
// copy of the store and the Matrix state share.
import assert from 'node:assert/strict';
import { pollUntil } from '../harness';
import type { E2ETest } from '../test-api';
import { openConversationAs } from '../verify/pages';

export const tests: E2ETest[] = [
  {
    name: 'tab closed: its state and coverage records leave storage.session',
    async run({ pool, server }) {
      const browser = await pool.launch('alice');
      const { page, tabId } = await openConversationAs(browser, server, 'alice');
      const sessionKeys = () =>
        browser.inExtension(async (id) => {
          const api = (globalThis as any).browser ?? (globalThis as any).chrome;
          return Object.keys(await api.storage.session.get(null)).filter((key) => key.endsWith(`/${id}`));
        }, tabId);
      const kept = await pollUntil('the tab read and recorded', async () => {
        const keys = await sessionKeys();
        return keys.some((key) => key.startsWith('coverage/')) && keys.some((key) => key.startsWith('tab/')) && keys;
      });
      assert.ok(kept.length >= 2, `records of the tab: ${kept.join(', ')}`);
      await page.close();
      await pollUntil('every record of the closed tab gone', async () => (await sessionKeys()).length === 0);
    },
  },
];
