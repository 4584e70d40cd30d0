// The alarm calibration for Matrix (docs/matrix.md, "Alarm calibration"):
// each event of a real deployment, built as the client receives it, through
// the roster and the trust core, and the alerts it raises. Critical means an
// attack-shaped change the user did not make; everyday events are not.

import { describe, expect, it } from 'vitest';
import { ALERT_PREFIX, CONTACT_PREFIX, planMarkVerified, type AlertRecord, type ContactRecord } from '../../../core/trust';
import { applyPlan, emptyStore, ingest, recordsWithPrefix, storeReader, T0, type Store } from '../../../core/trust/testing/test-support';
import type { RosterSnapshot } from '../../../core/roster';
import { parseMembersResponse } from './members';
import { applyListing, usersOfKeysQuery } from './observed-state';
import { verifyObservedUsers } from './remembered-keys';
import { buildRoomSnapshot, type RoomSnapshotInput } from './room-snapshot';
import { membersBody } from '../testing/client-responses';
import { responseOf, testUser, withDevice, withoutCrossSigning, type TestUser } from '../testing/keys-query-builder';

const ORIGIN = 'https://app.element.io';
const ROOM = '!team:example.org';
const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';
const CAROL = '@carol:example.org';

const alice = testUser(ALICE, ['ALICEWEB', 'ALICEPHONE']);
const bob = testUser(BOB, ['BOBPHONE']);
const carol = testUser(CAROL, ['CAROLPHONE']);

function snapshotOf(users: TestUser[], extra: Partial<RoomSnapshotInput> = {}): RosterSnapshot {
  const members = [ALICE, BOB, CAROL].map((userId) => ({ userId }));
  const result = buildRoomSnapshot({
    origin: ORIGIN,
    account: ALICE,
    roomId: ROOM,
    room: applyListing(null, parseMembersResponse(membersBody(ROOM, members), ROOM), true),
    keys: verifyObservedUsers(usersOfKeysQuery(responseOf(...users)).users, T0),
    skipped: 0,
    accountDevice: 'ALICEWEB',
    ...extra,
  });
  if (result.status !== 'snapshot') throw new Error(result.reason);
  return result.snapshot;
}

/** The alerts a step raised, as "rule severity contact". */
function raised(store: Store, users: TestUser[], at: number, extra: Partial<RoomSnapshotInput> = {}): { store: Store; alerts: string[] } {
  const { plan, store: after } = ingest(store, snapshotOf(users, extra), at);
  return { store: after, alerts: plan.alerts.map((a) => `${a.rule} ${a.severity} ${a.contactId ?? ''}`.trim()).sort() };
}

const start = (users = [alice, bob, carol]) => ingest(emptyStore(), snapshotOf(users), T0).store;
const loud = (alerts: string[]) => alerts.filter((a) => !a.includes(' info'));

function verify(store: Store, userId: string): Store {
  const contact = recordsWithPrefix<ContactRecord>(store, CONTACT_PREFIX).find((c) => c.contactId === userId)!;
  const target = { origin: ORIGIN, account: ALICE, contactId: userId, key: contact.currentKey!, method: 'scanned' as const };
  const plan = planMarkVerified(storeReader(store), target, T0 + 1000);
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(store, plan);
}

describe('Matrix alarm calibration', () => {
  it('the account holder’s own login in this browser, not yet cross-signed: nothing about themself', () => {
    const newLogin = withDevice(testUser(ALICE, ['ALICEPHONE']), 'ALICEWEB', { crossSigned: false });
    const { alerts } = raised(emptyStore(), [newLogin, bob, carol], T0);
    expect(alerts.filter((a) => a.endsWith(ALICE) && !a.startsWith('first-seen'))).toEqual([]);
    const self = snapshotOf([newLogin, bob, carol]).participants.find((p) => p.isSelf)!;
    expect(self.devices.find((d) => d.id === 'ALICEWEB')).toMatchObject({ vouch: 'unsigned', encryptedTo: false });
  });

  it('the account holder resets their identity: their other login, still carrying the old self-signing signature the server keeps, is a warning that asks, not critical', () => {
    const store = start();
    // The same devices, a new master and self-signing key; ALICEPHONE as the server still serves it, signed by the old one.
    const reset = testUser(ALICE, ['ALICEWEB', 'ALICEPHONE'], ['ALICEPHONE'], 'reset ');
    const devicesOf = (user: TestUser) => user.response.device_keys[ALICE] as Record<string, unknown>;
    devicesOf(reset).ALICEPHONE = structuredClone(devicesOf(alice).ALICEPHONE);
    const phone = snapshotOf([reset, bob, carol])
      .participants.find((p) => p.isSelf)!
      .devices.find((d) => d.id === 'ALICEPHONE');
    expect(phone).toMatchObject({ vouch: 'unsigned', encryptedTo: true });
    expect(loud(raised(store, [reset, bob, carol], T0 + 60_000).alerts)).toEqual([
      `key-changed warning ${ALICE}`,
      `own-device-unverified warning ${ALICE}`,
    ]);
  });

  it('a login to one’s own account elsewhere, not cross-signed: a warning that asks, not critical; signed, it is an everyday new device', () => {
    const store = start();
    const elsewhere = withDevice(alice, 'ALICELAPTOP', { crossSigned: false });
    expect(raised(store, [elsewhere, bob, carol], T0 + 60_000).alerts).toEqual([`own-device-unverified warning ${ALICE}`]);
    expect(loud(raised(store, [withDevice(alice, 'ALICELAPTOP'), bob, carol], T0 + 60_000).alerts)).toEqual([
      `device-added warning ${ALICE}`,
    ]);
  });

  it('a new device on a contact nobody cross-signed stays critical (a ghost), first sight included', () => {
    const ghosted = withDevice(bob, 'GHOST', { crossSigned: false });
    expect(loud(raised(start(), [alice, ghosted, carol], T0 + 60_000).alerts)).toEqual([`ghost-device critical ${BOB}`]);
    expect(loud(raised(emptyStore(), [alice, ghosted, carol], T0).alerts)).toEqual([`ghost-device critical ${BOB}`]);
  });

  it('a device with a bad self-signature (the client drops it and never encrypts to it): a warning saying so, not a ghost', () => {
    const forged = withDevice(bob, 'FORGED', { crossSigned: false, selfSignature: 'bad' });
    const { alerts } = raised(start(), [alice, forged, carol], T0 + 60_000);
    expect(loud(alerts)).toEqual([`refused-device warning ${BOB}`]);
    const device = snapshotOf([alice, forged, carol]).participants[1]!.devices.find((d) => d.id === 'FORGED')!;
    expect(device).toMatchObject({ vouch: 'bad-signature', encryptedTo: false });
  });

  it('in MSC4153 mode (exclude insecure devices) an unsigned device is not encrypted to: a warning, not a ghost', () => {
    const ghosted = withDevice(bob, 'GHOST', { crossSigned: false });
    expect(loud(raised(start(), [alice, ghosted, carol], T0 + 60_000, { onlySigned: true }).alerts)).toEqual([
      `refused-device warning ${BOB}`,
    ]);
  });

  it('a contact’s identity reset: a warning when they were not verified, critical when they were (verified cleared)', () => {
    const reset = testUser(BOB, ['BOBPHONE'], [], 'reset ');
    expect(loud(raised(start(), [alice, reset, carol], T0 + 60_000).alerts)).toEqual([`key-changed warning ${BOB}`]);
    const verified = verify(start(), BOB);
    const after = raised(verified, [alice, reset, carol], T0 + 60_000);
    expect(after.alerts.filter((a) => a.includes('critical'))).toEqual([`verified-key-changed critical ${BOB}`]);
    const contact = recordsWithPrefix<ContactRecord>(after.store, CONTACT_PREFIX).find((c) => c.contactId === BOB)!;
    expect(contact.trust).toBe('changed-after-verified');
  });

  it('a dehydrated device replaced (about weekly): information only', () => {
    const withOld = withDevice(bob, 'DEHYDRATED1', { dehydrated: true });
    const store = start([alice, withOld, carol]);
    const rotated = withDevice(bob, 'DEHYDRATED2', { dehydrated: true });
    const { alerts } = raised(store, [alice, rotated, carol], T0 + 60_000);
    expect(alerts).toEqual([`dehydrated-device-added info ${BOB}`, `device-removed info ${BOB}`]);
  });

  it('an unsigned dehydrated device is a ghost like any other', () => {
    const ghost = withDevice(bob, 'DEHYDRATEDX', { dehydrated: true, crossSigned: false });
    expect(loud(raised(start(), [alice, ghost, carol], T0 + 60_000).alerts)).toEqual([`ghost-device critical ${BOB}`]);
  });

  it('a user without cross-signing (old client, bridge): one warning that says what it is, no ghost per device; a new device of theirs a warning', () => {
    const legacy = withoutCrossSigning(carol);
    const first = raised(emptyStore(), [alice, bob, legacy], T0);
    expect(loud(first.alerts)).toEqual([`identity-absent warning ${CAROL}`]);
    const more = withoutCrossSigning(withDevice(carol, 'CAROLLAPTOP', { crossSigned: false }));
    expect(loud(raised(first.store, [alice, bob, more], T0 + 120_000).alerts)).toEqual([`unvouched-device-added warning ${CAROL}`]);
  });

  it('a contact who had cross-signing and publishes none now: critical (an identity withdrawn)', () => {
    expect(loud(raised(start(), [alice, bob, withoutCrossSigning(carol)], T0 + 60_000).alerts)).toEqual([
      `invalid-identity critical ${CAROL}`,
    ]);
  });

  it('a member whose keys were not fetched yet: listed as not checked, then first seen when they come; never reported as joining', () => {
    const partial = raised(emptyStore(), [alice, bob], T0);
    expect(loud(partial.alerts)).toEqual([]);
    const complete = raised(partial.store, [alice, bob, carol], T0 + 60_000);
    expect(complete.alerts).toEqual([`first-seen info ${CAROL}`]);
  });

  it('the same key spelled another way is the same key: nothing at all', () => {
    // Matrix keys are decoded to their 32 bytes and written one way, whatever the server's spelling.
    const store = start();
    const { alerts } = raised(store, [alice, bob, carol], T0 + 60_000);
    expect(alerts).toEqual([]);
    expect(recordsWithPrefix<AlertRecord>(store, ALERT_PREFIX).filter((a) => a.severity === 'critical')).toEqual([]);
  });
});
