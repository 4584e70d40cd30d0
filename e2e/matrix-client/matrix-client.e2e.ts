// The Matrix test client (matrix-js-sdk 43 + Rust crypto, built by Vite) on
// its own with the homeserver, in Chromium and Firefox, without KeyWatch: two
// people register, set up cross-signing, share an encrypted room reached by
// alias with pushState and by id with location.assign, write both ways, and a
// reload resumes from IndexedDB with /members but no /keys/query.
// Run alone: E2E_GREP='Matrix test client' npm run test:e2e

import assert from 'node:assert/strict';
import { startMatrixClient } from '../../demo/matrix/client-host/server';
import { MATRIX_CLIENT_TEST_IDS as T } from '../../demo/matrix/client/ui/test-ids';
import { startHomeserver } from '../../demo/matrix/homeserver/server';
import { syncedPastNow } from '../../demo/matrix/testing/admin';
import { pollUntil, type TestPage } from '../harness';
import { launchPlainBrowser } from '../harness/plain';
import type { E2EContext, E2ETest } from '../test-api';

const byTestId = (id: string) => `[data-testid="${id}"]`;

async function registered(page: TestPage, localpart: string): Promise<{ userId: string; deviceId: string }> {
  const state = await page.evaluate(
    async ({ localpart }) => {
      await window.matrixTest.ready();
      const s = await window.matrixTest.register(localpart, `pw-${localpart}`);
      await window.matrixTest.bootstrapCrossSigning(`pw-${localpart}`);
      return s;
    },
    { localpart },
  );
  return { userId: state.userId!, deviceId: state.deviceId! };
}

function readsMessage(page: TestPage, text: string) {
  return page.waitFor(`"${text}" decrypted`, async (t) => (await window.matrixTest.messages()).some((m) => m.body === t), text, 15_000);
}

async function twoPeopleAndAReload({ browser: name }: E2EContext): Promise<void> {
  const homeserver = await startHomeserver({ port: 0 });
  const web = await startMatrixClient({ homeserverUrl: homeserver.url, port: 0 });
  const browser = await launchPlainBrowser(name);
  try {
    const [alicePerson, bobPerson] = [await browser.newPerson(), await browser.newPerson()];
    const alicePage = await alicePerson.newPage(`${web.url}/`);
    const bobPage = await bobPerson.newPage(`${web.url}/`);
    const alice = await registered(alicePage, 'alice');
    const bob = await registered(bobPage, 'bob');

    const roomId = await alicePage.evaluate(
      (bobId) => window.matrixTest.createRoom({ name: 'Plans', alias: 'plans', invite: [bobId] }),
      bob.userId,
    );
    await bobPage.waitFor('the invite', (id) => window.matrixTest.state().rooms.some((r) => r.roomId === id), roomId, 15_000);
    assert.equal(await bobPage.evaluate(() => window.matrixTest.join('#plans:localhost'), null), roomId);

    // Alice opens it by alias with pushState (newer Element: no hashchange); Bob by id with location.assign (older Element).
    await alicePage.evaluate(() => {
      (window as any).hashChanges = 0;
      window.addEventListener('hashchange', () => (window as any).hashChanges++);
    }, null);
    await alicePage.evaluate(() => window.matrixTest.openRoom('#plans:localhost', { navigation: 'pushState' }), null);
    await bobPage.evaluate(() => {
      (window as any).hashChanges = 0;
      window.addEventListener('hashchange', () => (window as any).hashChanges++);
    }, null);
    await bobPage.evaluate((id) => window.matrixTest.openRoom(id, { navigation: 'assign', address: 'id' }), roomId);
    const aliceAddress = await alicePage.evaluate(() => ({ hash: location.hash, changes: (window as any).hashChanges as number }), null);
    assert.deepEqual(aliceAddress, { hash: '#/room/#plans:localhost', changes: 0 });
    const bobAddress = await bobPage.waitFor('the hashchange', () => (window as any).hashChanges > 0 && location.hash, null);
    assert.equal(bobAddress, `#/room/${roomId}`);
    for (const page of [alicePage, bobPage]) {
      const shown = await page.waitFor(
        'the room view',
        () => document.querySelector('[data-testid="room-view"]')?.getAttribute('data-room-id'),
        null,
      );
      assert.equal(shown, roomId);
    }

    // Alice writes through the composer; Bob reads and answers.
    await alicePage.fill(byTestId(T.composer), 'hello Bob');
    await alicePage.press('Enter');
    await readsMessage(bobPage, 'hello Bob');
    await bobPage.evaluate(() => window.matrixTest.send('hello Alice'), null);
    await readsMessage(alicePage, 'hello Alice');

    // Element's page conventions, and the client's own verdicts.
    const conventions = await alicePage.evaluate(
      () => ({
        userId: localStorage.getItem('mx_user_id'),
        deviceId: localStorage.getItem('mx_device_id'),
        lastRoom: localStorage.getItem('mx_last_room_id'),
        peg: window.mxMatrixClientPeg.get()?.getUserId() ?? null,
      }),
      null,
    );
    assert.deepEqual(conventions, { userId: alice.userId, deviceId: alice.deviceId, lastRoom: roomId, peg: alice.userId });
    const bobSeen = await alicePage.evaluate((id) => window.matrixTest.deviceVerdicts([id]), bob.userId);
    assert.deepEqual(Object.keys(bobSeen[bob.userId]!), [bob.deviceId]);
    assert.equal(bobSeen[bob.userId]![bob.deviceId]!.signedByOwner, true);
    const [aliceView, bobOwn] = [
      await alicePage.evaluate((id) => window.matrixTest.userVerdicts([id]), bob.userId),
      await bobPage.evaluate((id) => window.matrixTest.userVerdicts([id]), bob.userId),
    ];
    assert.equal(aliceView[bob.userId]!.masterKey, bobOwn[bob.userId]!.masterKey);
    assert.equal(bobOwn[bob.userId]!.crossSigningVerified, true);

    // A reload resumes from IndexedDB: no login, the room's members fetched again, no keys queried.
    await alicePage.evaluate(() => window.matrixTest.flushSyncStore(), null);
    const mark = homeserver.hs.requests.mark;
    await alicePage.evaluate(() => {
      (window as any).beforeReload = true;
      setTimeout(() => location.reload(), 0);
    }, null);
    await pollUntil(
      'the reloaded page',
      () => alicePage.evaluate(() => !(window as any).beforeReload && (window as any).matrixTest !== undefined, null),
      20_000,
    );
    const resumed = await alicePage.evaluate(() => window.matrixTest.ready(), null);
    assert.equal(resumed.userId, alice.userId);
    await alicePage.waitFor('the room reopened', () => document.querySelector('[data-testid="member"]') !== null, null, 15_000);
    await syncedPastNow(homeserver.url, alice.userId, alice.deviceId);
    await syncedPastNow(homeserver.url, alice.userId, alice.deviceId);
    const sent = homeserver.hs.requests.since(mark).filter((r) => r.deviceId === alice.deviceId || r.endpoint === 'login');
    const members = sent.filter((r) => r.endpoint === `rooms/${encodeURIComponent(roomId)}/members`);
    assert.equal(members.length, 1, 'one /members for the opened room');
    assert.match(members[0]!.url, /not_membership=leave&at=s\d+/);
    assert.deepEqual(
      sent.filter((r) => r.endpoint === 'keys/query' || r.endpoint === 'login').map((r) => r.endpoint),
      [],
    );
    await readsMessage(alicePage, 'hello Alice'); // the Rust crypto store came back from IndexedDB too
  } finally {
    await browser.close();
    await web.close();
    await homeserver.close();
  }
}

/** Emoji verification between two pages, one's own new login signed from the first session, and a dehydrated device. */
async function verificationAndDevices({ browser: name }: E2EContext): Promise<void> {
  const homeserver = await startHomeserver({ port: 0 });
  const web = await startMatrixClient({ homeserverUrl: homeserver.url, port: 0 });
  const browser = await launchPlainBrowser(name);
  try {
    const [alicePerson, bobPerson, aliceLaptop] = [await browser.newPerson(), await browser.newPerson(), await browser.newPerson()];
    const alicePage = await alicePerson.newPage(`${web.url}/`);
    const bobPage = await bobPerson.newPage(`${web.url}/`);
    const alice = await registered(alicePage, 'alice');
    const bob = await registered(bobPage, 'bob');
    const roomId = await alicePage.evaluate((bobId) => window.matrixTest.createRoom({ name: 'Plans', invite: [bobId] }), bob.userId);
    await bobPage.waitFor('the invite', (id) => window.matrixTest.state().rooms.some((r) => r.roomId === id), roomId, 15_000);
    await bobPage.evaluate((id) => window.matrixTest.join(id), roomId);

    // Emoji verification: afterwards each client has cross-signed the other. Each side sees its own signature once its
    // sync names the other user (as Synapse's does) and it fetches their keys again; the wait is generous for a busy
    // machine (both browsers' tests at once).
    await bobPage.evaluate(() => window.matrixTest.acceptVerifications(true), null);
    await alicePage.evaluate(({ userId, deviceId }) => window.matrixTest.verifyDevice(userId, deviceId), bob);
    await alicePage.waitFor(
      'Bob verified',
      async (id) => (await window.matrixTest.userVerdicts([id]))[id]!.crossSigningVerified,
      bob.userId,
      45_000,
    );
    await bobPage.waitFor(
      'Alice verified',
      async (id) => (await window.matrixTest.userVerdicts([id]))[id]!.crossSigningVerified,
      alice.userId,
      45_000,
    );

    // Alice logs in on her laptop: not cross-signed until her first session signs it.
    const laptopPage = await aliceLaptop.newPage(`${web.url}/`);
    const laptop = await laptopPage.evaluate(async (userId) => {
      await window.matrixTest.ready();
      return window.matrixTest.login(userId, 'pw-alice');
    }, alice.userId);
    const unsigned = await bobPage.waitFor(
      "Bob's view of the new login",
      async ({ userId, deviceId }) => (await window.matrixTest.deviceVerdicts([userId]))[userId]![deviceId],
      { userId: alice.userId, deviceId: laptop.deviceId! },
      15_000,
    );
    assert.equal(unsigned.signedByOwner, false);
    await alicePage.evaluate((id) => window.matrixTest.crossSignOwnDevice(id), laptop.deviceId!);
    await bobPage.waitFor(
      'the new login signed',
      async ({ userId, deviceId }) => (await window.matrixTest.deviceVerdicts([userId]))[userId]![deviceId]?.crossSigningVerified,
      { userId: alice.userId, deviceId: laptop.deviceId! },
      15_000,
    );

    // A dehydrated device: published with dehydrated: true, cross-signed, seen so by Bob.
    await alicePage.evaluate(() => window.matrixTest.startDehydration(), null);
    const dehydrated = await bobPage.waitFor(
      'the dehydrated device',
      async (userId) => Object.values((await window.matrixTest.deviceVerdicts([userId]))[userId]!).find((d) => d.dehydrated),
      alice.userId,
      15_000,
    );
    assert.deepEqual([dehydrated.signedByOwner, dehydrated.crossSigningVerified], [true, true]);
  } finally {
    await browser.close();
    await web.close();
    await homeserver.close();
  }
}

export const tests: E2ETest[] = [
  {
    name: 'Matrix test client: two people, cross-signing, an encrypted room by alias and by id, messages both ways, a reload resumes without /keys/query',
    run: twoPeopleAndAReload,
  },
  {
    name: "Matrix test client: emoji verification between two pages, one's own new login signed from the first session, a dehydrated device",
    run: verificationAndDevices,
  },
];
