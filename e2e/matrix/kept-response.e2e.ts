// The /keys/query response KeyWatch verified is kept with its users' verdicts
// (docs/matrix.md, "It keeps what it verified"): after the background was
// stopped, the same response is taken from that one record without a check,
// and a response with a device the server added is verified again and raises
// its alert, the record then naming only what the users' records hold.
import assert from 'node:assert/strict';
import { pollUntil, type ExtensionBrowser } from '../harness';
import { deviceVouches, api, serve } from './stand-in-client';
import { readLocalStore, selectPerson, waitForAlert, waitForPeople } from '../support/extension';
import type { E2ETest } from '../test-api';
import { keysQueryFor, USERS } from '../../src/adapters/matrix/testing/real-room';
import { ALICE, BOB, firstSight, refetchKeys } from './first-sight';

interface KeptResponse {
  source: string;
  users: Array<[string, { source: string; devices: Array<{ id: string; vouch: string }> }]>;
}

/** The responses kept for the stand-in client's origin, and each user's own record. */
async function kept(browser: ExtensionBrowser): Promise<{ responses: KeptResponse[]; records: Map<string, { source: string }> }> {
  const store = await readLocalStore(browser);
  const key = Object.keys(store).find((k) => k.startsWith('matrix-verified/') && k.endsWith('|#responses'));
  const records = new Map(
    Object.entries(store)
      .filter(([k]) => k.startsWith('matrix-verified/') && /\|@/.test(k))
      .map(([k, record]) => [k.slice(k.lastIndexOf('|') + 1), record as { source: string }]),
  );
  return { responses: key === undefined ? [] : (store[key] as KeptResponse[]), records };
}

/** When the background last ran a batch of checks (storage.session). */
async function lastChecks(browser: ExtensionBrowser): Promise<number> {
  return browser.inExtension(async () => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return ((await api.storage.session.get('metrics/checks'))['metrics/checks']?.at as number | undefined) ?? 0;
  }, null);
}

export const tests: E2ETest[] = [
  {
    name: 'matrix kept response: the same /keys/query after the background stopped is taken from one record, a device added is checked and raised',
    async run(context) {
      const roomId = '!kept:keywatch.test';
      const { browser, page, popup, room } = await firstSight(context, 'kept-response', roomId, [ALICE, BOB]);
      const first = await pollUntil('the response kept', async () => {
        const found = await kept(browser);
        return found.responses.length === 1 ? found : null;
      });
      const [response] = first.responses;
      assert.deepEqual(response!.users.map(([id]) => id).sort(), [USERS.alice, USERS.bob].sort());
      for (const [userId, verdict] of response!.users)
        assert.equal(verdict.source, first.records.get(userId)?.source, `${userId}'s own record`);
      const checkedAt = await lastChecks(browser);
      assert.ok(checkedAt > 0, 'the first sight ran its checks');

      // A stopped background; the client fetches the very same keys again.
      await browser.stopBackground();
      await refetchKeys(page, [USERS.alice, USERS.bob]);
      // No batch of checks, and nothing rewritten, for as long as it takes to read the response.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      assert.equal(await lastChecks(browser), checkedAt, 'the kept response needed no check');
      assert.deepEqual(await kept(browser), first);
      await waitForPeople(popup, 2);

      // The server adds a device to Bob's account: other text, verified again, the ghost raised.
      serve(context.server, api.keysQuery, keysQueryFor(room.alice, room.bob));
      await refetchKeys(page, [USERS.alice, USERS.bob]);
      await waitForAlert(popup, 'critical', /ghost/i);
      assert.ok((await lastChecks(browser)) > checkedAt, 'the changed response was checked');
      await selectPerson(popup, USERS.bob);
      await pollUntil('Bob’s three devices', async () => (await deviceVouches(popup)).length === 3);
      assert.deepEqual(await deviceVouches(popup), ['signed', 'signed', 'unsigned']);
      const after = await pollUntil('the new response kept', async () => {
        const found = await kept(browser);
        return found.responses.length === 1 && found.responses[0]!.source !== response!.source ? found : null;
      });
      // Bob's record was rewritten: the response that named his old verdict was let go.
      const bob = after.responses[0]!.users.find(([id]) => id === USERS.bob)![1];
      assert.equal(bob.source, after.records.get(USERS.bob)?.source);
      assert.ok(bob.devices.some((d) => d.vouch === 'unsigned'));
      assert.deepEqual(browser.extensionRequests(), []);
    },
  },
];
