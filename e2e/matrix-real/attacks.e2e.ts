// The test homeserver attacks, the real Matrix client takes in what it is
// served, and KeyWatch, watching the same page, must say what happened with
// the calibrated severity (docs/matrix.md, "Alarm calibration"), and agree
// with the client's own crypto after each step:
// - a member without cross-signing: a warning saying what it is;
// - a member whose server does not answer (/keys/query failures): not checked, said, no waiting;
// - a ghost device added by the server: critical;
// - a ghost with a bad self-signature (the client drops it): a warning saying so;
// - a ghost whose signed keys nest deeper than KeyWatch checks (the client keeps it): critical;
// - the master key of a contact verified in both KeyWatch and the client replaced: critical, verified cleared;
// - a contact's own identity reset: a warning (they were not verified), trust "changed";
// - a dehydrated device replaced: information only;
// - a member the timeline does not announce (only in MSC4222 state_after): listed, a warning; their leave, information;
// - the account holder's own new login, not cross-signed yet: a warning about their own account, nothing critical;
// - a device-list change withheld from the client while a ghost is added: neither the client nor KeyWatch
//   knows the ghost (nothing is encrypted to it), and once the change comes through it is critical.

import assert from 'node:assert/strict';
import {
  addServerDevice,
  applyAttack,
  changeMembership,
  createRoom,
  createServerUser,
  createServerUsers,
  resetServerIdentity,
  undoAttack,
} from '../../demo/matrix/testing/admin';
import { pollUntil, type TestPage } from '../harness';
import { clickMarkVerified, openPopupFor, selectPerson, trustShown, waitForAlert as waitForAlertIn } from '../support/extension';
import type { E2ETest } from '../test-api';
import { expectAgreement } from './differential';
import { alertsShown, caughtUp, openClientPage, openRoom, peopleCounted, register, startMatrixWorld, untilRoomKnown } from './world';

/** Waits for an alert; when it does not come, the error lists the alerts the popup does show. */
async function waitForAlert(popup: TestPage, severity: string, text: RegExp): Promise<void> {
  // Information notices are folded: open them (the popup keeps the fold open as the list changes).
  if (severity === 'info') {
    await popup.waitFor(
      'the information notices, opened',
      () => {
        const fold = document.querySelector<HTMLDetailsElement>('[data-testid="info-notices"]');
        if (fold && !fold.open) fold.open = true;
        return fold?.open === true;
      },
      null,
    );
  }
  await waitForAlertIn(popup, severity, text).catch(async (error: unknown) => {
    throw new Error(`${String(error)}\n     shown: ${JSON.stringify(await alertsShown(popup))}`);
  });
}

const loud = async (popup: TestPage) => (await alertsShown(popup)).filter((a) => a.severity !== 'info');

export const tests: E2ETest[] = [
  {
    name: 'Matrix client with KeyWatch under attack: no cross-signing, failures, ghost devices, a verified master key replaced, an identity reset, a dehydrated device replaced, a member only in state_after, a withheld device list, your own new login',
    // Eleven scenarios in one client run: past the default 3 minutes when the other browser's tests share the cores.
    timeoutMs: 420_000,
    async run({ pool }) {
      const world = await startMatrixWorld(2);
      try {
        const hs = world.homeserver.url;
        const [carol, dan, erin] = await createServerUsers(hs, [
          { user: 'carol', displayName: 'Carol', dehydratedDevice: true },
          { user: 'dan', displayName: 'Dan', crossSigning: false },
          { user: '@erin:remote.example', displayName: 'Erin' },
        ]);
        const browser = await pool.launch('alice');
        const page = await openClientPage(browser, `${world.web.url}/`);
        const alice = await register(page, 'alice');
        // Bob is a real client too, on another origin, so that Alice can verify him by emoji.
        const bobPage = await openClientPage(browser, `${world.more[0]!.url}/`);
        const bob = await register(bobPage, 'bob');
        // Erin's server does not answer Alice's client.
        await applyAttack(hs, { kind: 'keys-failures', server: 'remote.example', viewer: alice.userId });
        const room = await createRoom(hs, {
          creator: alice.userId,
          name: 'Ops',
          members: [bob.userId, carol!.userId, dan!.userId, erin!.userId],
        });
        await untilRoomKnown(page, room.roomId);
        await openRoom(page, room.roomId);
        await caughtUp(world, alice);
        const popup = await openPopupFor(browser, page.url());
        await peopleCounted(popup, 5);
        const agree = (scenario: string, verification = false) =>
          expectAgreement(
            browser,
            page,
            {
              origin: new URL(world.web.url).origin,
              account: alice.userId,
              roomId: room.roomId,
              accountDevice: alice.deviceId,
              verification,
            },
            scenario,
          );

        // First sight: Dan has no cross-signing (a warning, not a ghost per device); Erin is not checked, and the popup says why.
        await waitForAlert(popup, 'warning', /Dan has no identity key/);
        await pollUntil('the failure said', async () => (await alertsShown(popup)).some((a) => /remote\.example/.test(a.text)));
        assert.deepEqual(
          (await loud(popup)).filter((a) => a.severity === 'critical' && !/remote\.example/.test(a.text)),
          [],
          'nothing critical at first sight but the report of the server that did not answer',
        );
        await popup.waitFor(
          'Erin listed as not checked',
          (id) =>
            document.querySelector(`[data-testid="participant"][data-id="${id}"] [data-testid="trust"]`)?.getAttribute('data-trust') ===
            'not-checked',
          erin!.userId,
        );
        await agree('first sight: no cross-signing, and a server in failures');

        // Alice verifies Bob in the client (emoji) and in KeyWatch (in person).
        await bobPage.evaluate(() => window.matrixTest.acceptVerifications(true), null);
        await page.evaluate(({ userId, deviceId }) => window.matrixTest.verifyDevice(userId, deviceId), bob);
        // Two pages of the real client verify each other over several /sync round trips; the wait is generous for a
        // busy machine (both browsers' tests at once).
        await page.waitFor(
          'Bob verified by the client',
          async (id) => (await window.matrixTest.userVerdicts([id]))[id]!.verified,
          bob.userId,
          45_000,
        );
        await bobPage.close();
        await caughtUp(world, alice);
        const bobPopup = await openPopupFor(browser, page.url());
        await selectPerson(bobPopup, bob.userId);
        await clickMarkVerified(bobPopup);
        await pollUntil('Bob verified in KeyWatch', async () => (await trustShown(bobPopup)) === 'verified');
        await bobPopup.close();
        await agree('Bob verified in both', true);

        // A ghost device on Carol: critical.
        await applyAttack(hs, { kind: 'ghost-device', user: carol!.userId, deviceId: 'GHOSTDEVICE' });
        await caughtUp(world, alice);
        await waitForAlert(popup, 'critical', /ghost device: Carol's device “GHOSTDEVICE”/);
        await agree('ghost device');

        // A ghost with a bad self-signature: the client drops it; KeyWatch says so, a warning.
        await applyAttack(hs, { kind: 'ghost-device', user: carol!.userId, deviceId: 'FORGEDDEVICE', selfSignature: 'bad' });
        await caughtUp(world, alice);
        await waitForAlert(popup, 'warning', /Carol's device “FORGEDDEVICE”.*does not encrypt to it/);
        assert.equal((await alertsShown(popup)).filter((a) => a.severity === 'critical' && /FORGEDDEVICE/.test(a.text)).length, 0);
        await agree('ghost with a bad self-signature');

        // A ghost KeyWatch cannot check to the end (signed content nested past its limit), which the client keeps: critical.
        await applyAttack(hs, { kind: 'ghost-device', user: carol!.userId, deviceId: 'NESTEDGHOST', nested: true });
        await caughtUp(world, alice);
        await waitForAlert(popup, 'critical', /ghost device: Carol's device “NESTEDGHOST”/);
        await agree('ghost nested past what KeyWatch checks');

        // The server replaces Bob's master key: critical, and verified is cleared in both.
        await applyAttack(hs, { kind: 'replace-master-key', user: bob.userId });
        await caughtUp(world, alice);
        await waitForAlert(popup, 'critical', /bob was verified, but their identity key changed/i);
        await agree('master key of a verified contact replaced', true);

        // Carol resets her own identity (she was never verified): a warning, and her trust reads changed.
        const criticalBefore = (await alertsShown(popup)).filter((a) => a.severity === 'critical').length;
        await resetServerIdentity(hs, carol!.userId);
        await caughtUp(world, alice);
        await waitForAlert(popup, 'warning', /Carol's identity key changed/);
        assert.equal((await alertsShown(popup)).filter((a) => a.severity === 'critical').length, criticalBefore, 'nothing new is critical');
        await agree('a contact resets their identity', true);

        // Carol's dehydrated device is replaced (weekly in real life): information only.
        const loudBefore = (await loud(popup)).map((a) => a.text).sort();
        const rotated = await addServerDevice(hs, carol!.userId, { dehydrated: true });
        await caughtUp(world, alice);
        await waitForAlert(popup, 'info', new RegExp(`Carol's offline device was replaced by device “${rotated.deviceId}”`));
        assert.deepEqual((await loud(popup)).map((a) => a.text).sort(), loudBefore, 'no warning and nothing critical');
        await agree('a dehydrated device replaced', true);

        // The server adds Frank to the room in state_after only, with no timeline event: KeyWatch lists him and says so.
        const frank = await createServerUser(hs, { user: 'frank', displayName: 'Frank' });
        await applyAttack(hs, { kind: 'hidden-member', room: room.roomId, user: frank.userId, via: 'state_after' });
        await caughtUp(world, alice);
        await peopleCounted(popup, 6);
        await waitForAlert(popup, 'warning', /Frank was added to “?Ops/);
        await agree('a member only in state_after', true);
        await changeMembership(hs, room.roomId, { user: frank.userId, membership: 'leave' });
        await caughtUp(world, alice);
        await peopleCounted(popup, 5);
        await waitForAlert(popup, 'info', /Frank is no longer a member of “?Ops/);
        await agree('that member leaves', true);

        // The server withholds Carol's device-list change from Alice and adds a ghost: the client does not fetch it,
        // so neither it nor KeyWatch knows the device, and nothing is encrypted to it; once the change comes, critical.
        const withheld = await applyAttack(hs, { kind: 'withhold-device-list', user: carol!.userId, viewer: alice.userId });
        await applyAttack(hs, { kind: 'ghost-device', user: carol!.userId, deviceId: 'QUIETGHOST' });
        await caughtUp(world, alice);
        assert.equal(
          (await alertsShown(popup)).filter((a) => /QUIETGHOST/.test(a.text)).length,
          0,
          'the withheld device is unknown to both',
        );
        await agree('a device-list change withheld', true);
        await undoAttack(hs, withheld.id);
        await caughtUp(world, alice);
        await waitForAlert(popup, 'critical', /ghost device: Carol's device “QUIETGHOST”/);
        await agree('the withheld change comes through', true);

        // Alice signs in on another device (a real login, not cross-signed until she verifies it): a warning, nothing critical about her.
        const criticalNow = (await alertsShown(popup)).filter((a) => a.severity === 'critical').length;
        const laptopPage = await openClientPage(browser, `${world.more[1]!.url}/`);
        const laptop = await laptopPage.evaluate(({ userId, password }) => window.matrixTest.login(userId, password), alice);
        await caughtUp(world, alice);
        await waitForAlert(popup, 'warning', new RegExp(`A login to your own account, device “${laptop.deviceId}”`));
        assert.equal((await alertsShown(popup)).filter((a) => a.severity === 'critical').length, criticalNow, 'nothing new is critical');
        await agree('your own new login', true);
        // Verified from her first session: signed by her identity, in the client and in KeyWatch.
        await page.evaluate((deviceId) => window.matrixTest.crossSignOwnDevice(deviceId), laptop.deviceId!);
        await caughtUp(world, alice);
        await agree('your own new login, verified', true);
        await laptopPage.close();
      } finally {
        await world.close();
      }
    },
  },
];
