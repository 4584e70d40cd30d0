// The snapshot built from observed responses, and what the trust core makes of
// it: first sight, a ghost device, a master-key change of a verified user, and
// members joining and leaving go through planIngest on an in-memory store.

import { describe, expect, it } from 'vitest';
import { ALERT_PREFIX, CONTACT_PREFIX, planMarkVerified, type AlertRecord, type ContactRecord } from '../../../core/trust';
import { applyPlan, emptyStore, ingest, recordsWithPrefix, storeReader, T0, type Store } from '../../../core/trust/testing/test-support';
import type { RosterSnapshot } from '../../../core/roster';
import { parseMembersResponse } from './members';
import { applyListing, usersOfKeysQuery, type RoomState } from './observed-state';
import { verifyObservedUsers, type RememberedKeys } from './remembered-keys';
import { buildRoomSnapshot, type RoomSnapshotInput } from './room-snapshot';
import { membersBody, type MemberSpec } from '../testing/client-responses';
import { keyPair, responseOf, sign, testUser, type TestUser } from '../testing/keys-query-builder';

const ORIGIN = 'https://app.element.io';
const ROOM = '!team:example.org';
const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';
const CAROL = '@carol:example.org';

const alice = testUser(ALICE, ['ALICEWEB']);
const bob = testUser(BOB, ['BOBPHONE', 'BOBLAPTOP']);
const carol = testUser(CAROL, ['CAROLPHONE']);

function keysOf(...users: TestUser[]): Map<string, RememberedKeys> {
  return keysFrom(responseOf(...users));
}

function keysFrom(response: unknown): Map<string, RememberedKeys> {
  return verifyObservedUsers(usersOfKeysQuery(response).users, T0);
}

function roomOf(members: MemberSpec[], ingested = false): RoomState {
  return { ...applyListing(null, parseMembersResponse(membersBody(ROOM, members), ROOM), true), ingested };
}

const TEAM: MemberSpec[] = [
  { userId: ALICE, name: 'Alice' },
  { userId: BOB, name: 'Bob' },
  { userId: CAROL, name: 'Carol' },
];

function input(extra: Partial<RoomSnapshotInput> = {}): RoomSnapshotInput {
  return { origin: ORIGIN, account: ALICE, roomId: ROOM, room: roomOf(TEAM), keys: keysOf(alice, bob, carol), skipped: 0, ...extra };
}

function snapshotOf(extra: Partial<RoomSnapshotInput> = {}): RosterSnapshot {
  const result = buildRoomSnapshot(input(extra));
  if (result.status !== 'snapshot') throw new Error(`waiting: ${result.reason}`);
  return result.snapshot;
}

const openAlerts = (store: Store) => recordsWithPrefix<AlertRecord>(store, ALERT_PREFIX).filter((a) => a.state === 'open');
const rulesOf = (alerts: AlertRecord[], severity?: string) =>
  alerts
    .filter((a) => !severity || a.severity === severity)
    .map((a) => `${a.rule} ${a.contactId ?? ''}`.trim())
    .sort();

describe('buildRoomSnapshot: when there is nothing to build yet', () => {
  it('waits for the account and a complete member list', () => {
    expect(buildRoomSnapshot(input({ account: null }))).toMatchObject({
      status: 'waiting',
      reason: expect.stringMatching(/account is not known/),
    });
    expect(buildRoomSnapshot(input({ room: null }))).toMatchObject({ status: 'waiting', reason: expect.stringMatching(/member list/) });
    const partial = { ...roomOf(TEAM), listed: false };
    expect(buildRoomSnapshot(input({ room: partial }))).toMatchObject({ status: 'waiting', reason: expect.stringMatching(/member list/) });
  });

  it('lists a member whose keys were never seen as not checked, from the first roster on, and says who', () => {
    const result = buildRoomSnapshot(input({ keys: keysOf(alice, bob) }));
    if (result.status !== 'snapshot') throw new Error(result.reason);
    expect(result.unchecked).toEqual([CAROL]);
    expect(result.withheld).toEqual([]);
    const carolView = result.snapshot.participants.find((p) => p.id === CAROL)!;
    expect(carolView).toMatchObject({ identityKey: null, identityStatus: 'unchecked', devices: [], shown: true });
    expect(carolView.identityProblem).toMatch(/not checked yet/);
    expect(result.snapshot.problems).toEqual([]);
  });

  it('says which members’ server did not answer (failures), in a problem line', () => {
    const remote = '@dave:remote.example';
    const result = buildRoomSnapshot(
      input({ room: roomOf([...TEAM, { userId: remote, name: 'Dave' }]), failedServers: new Set(['remote.example']) }),
    );
    if (result.status !== 'snapshot') throw new Error(result.reason);
    expect(result.withheld).toEqual([remote]);
    expect(result.snapshot.participants.find((p) => p.id === remote)!.identityProblem).toMatch(/server did not answer/);
    expect(result.snapshot.problems.join()).toMatch(/keys of 1 member\(s\) \("@dave:remote.example"\) were not served.*"remote.example"/);
  });
});

describe('buildRoomSnapshot: the roster', () => {
  it('lists joined and invited members with their master keys and cross-signed devices, and no problem', () => {
    const s = snapshotOf({ room: roomOf([...TEAM, { userId: '@dan:example.org', membership: 'leave' }]) });
    expect(s).toMatchObject({ messenger: ORIGIN, adapter: 'matrix', account: ALICE, problems: [] });
    expect(s.conversation).toEqual({ id: ROOM, title: ROOM, kind: 'group' });
    expect(s.participants.map((p) => [p.id, p.name, p.isSelf, p.shown])).toEqual([
      [ALICE, 'Alice', true, true],
      [BOB, 'Bob', false, true],
      [CAROL, 'Carol', false, true],
    ]);
    const bobView = s.participants[1]!;
    expect(bobView.identityKey).toEqual({ algorithm: 'ed25519', key: Buffer.from(bob.master.publicKey).toString('base64') });
    expect(bobView.devices.map((d) => [d.id, d.vouch, d.encryptedTo])).toEqual([
      ['BOBLAPTOP', 'signed', true],
      ['BOBPHONE', 'signed', true],
    ]);
  });

  it('names a two-person room after the other person, a named room after its name', () => {
    const direct = snapshotOf({ room: roomOf([{ userId: ALICE }, { userId: BOB, name: 'Bob' }]) });
    expect(direct.conversation).toEqual({ id: ROOM, title: 'Bob', kind: 'direct' });
    expect(snapshotOf({ room: { ...roomOf(TEAM), alias: '#team:example.org' } }).conversation.title).toBe('#team:example.org');
    expect(snapshotOf({ room: { ...roomOf(TEAM), name: 'Team', alias: '#team:example.org' } }).conversation.title).toBe('Team');
  });

  it('keeps an unsigned device out of the problem lines: its own alert says it', () => {
    const s = snapshotOf({ keys: keysOf(alice, testUser(BOB, ['BOBPHONE', 'GHOST'], ['GHOST']), carol) });
    expect(s.participants[1]!.devices.find((d) => d.id === 'GHOST')!.vouch).toBe('unsigned');
    expect(s.problems).toEqual([]);
  });

  it('keeps a device signed by a key that is not the self-signing key, still encrypted to (its own signature holds)', () => {
    const response = responseOf(alice, bob, carol) as Record<string, any>;
    const device = response.device_keys[BOB].BOBPHONE;
    device.signatures[BOB] = { [`ed25519:BOBPHONE`]: device.signatures[BOB]['ed25519:BOBPHONE'] };
    sign(device, BOB, `ed25519:${keyPair('forger').text}`, keyPair('forger'));
    const s = snapshotOf({ keys: keysFrom(response) });
    // Not signed by Bob's self-signing key: no worse than unsigned (a key it replaced signs the same way).
    expect(s.participants[1]!.devices.find((d) => d.id === 'BOBPHONE')).toMatchObject({ vouch: 'unsigned', encryptedTo: true });
    // The device's own alert (ghost-device) says it; no second alert for the same fault.
    expect(s.problems).toEqual([]);
  });

  it('keeps a sound master key as the identity when the self-signing key is missing, the fault in problems', () => {
    const response = responseOf(alice, bob, carol) as Record<string, any>;
    delete response.self_signing_keys[BOB];
    const s = snapshotOf({ keys: keysFrom(response) });
    const bobView = s.participants[1]!;
    expect(bobView.identityKey).not.toBeNull();
    expect(bobView.identityProblem).toBeNull();
    expect(bobView.devices.every((d) => d.vouch !== 'signed')).toBe(true);
    expect(s.problems.join()).toMatch(/self-signing key: none published/);
    expect(() => ingest(emptyStore(), s, T0)).not.toThrow();
  });

  it('gives a member whose keys were too large no identity, with the reason', () => {
    const keys = keysOf(alice, bob, carol);
    keys.set(CAROL, verifyObservedUsers(new Map([[CAROL, { oversized: 900_000 }]]), T0).get(CAROL)!);
    const carolView = snapshotOf({ keys }).participants[2]!;
    expect(carolView).toMatchObject({ identityKey: null, devices: [], identityProblem: expect.stringMatching(/900000 bytes/) });
  });

  it('says when responses went unread', () => {
    expect(snapshotOf({ skipped: 2 }).unread).toEqual({ responses: 2 });
    expect(snapshotOf().unread).toBeUndefined();
  });
});

describe('what the trust core makes of Matrix snapshots', () => {
  const firstSight = () => ingest(emptyStore(), snapshotOf(), T0).store;

  it('first sight: every member first seen, nothing critical', () => {
    const store = firstSight();
    expect(rulesOf(openAlerts(store), 'critical')).toEqual([]);
    expect(
      recordsWithPrefix<ContactRecord>(store, CONTACT_PREFIX)
        .map((c) => c.trust)
        .sort(),
    ).toEqual(['first-seen', 'first-seen', 'first-seen']);
  });

  it('a new device nobody cross-signed: a critical ghost-device alert, and no second alert for the same fault', () => {
    const ghost = snapshotOf({ keys: keysOf(alice, testUser(BOB, ['BOBPHONE', 'BOBLAPTOP', 'GHOST'], ['GHOST']), carol) });
    const { plan } = ingest(firstSight(), ghost, T0 + 60_000);
    expect(rulesOf(plan.alerts, 'critical')).toEqual([`ghost-device ${BOB}`]);
  });

  it("a verified user's master key changes: critical, and verified is cleared", () => {
    let store = firstSight();
    const bobKey = snapshotOf().participants[1]!.identityKey!;
    const target = { origin: ORIGIN, account: ALICE, contactId: BOB, key: bobKey, method: 'scanned' as const };
    const verified = planMarkVerified(storeReader(store), target, T0 + 1000);
    if (!verified.ok) throw new Error(verified.reason);
    store = applyPlan(store, verified);
    // A consistently re-signed identity: new master and self-signing keys, the same devices signed anew, all valid.
    const usurper = testUser(BOB, ['BOBPHONE', 'BOBLAPTOP'], [], 'server-made ');
    const { plan, store: after } = ingest(store, snapshotOf({ keys: keysOf(alice, usurper, carol) }), T0 + 60_000);
    expect(rulesOf(plan.alerts, 'critical')).toEqual([`verified-key-changed ${BOB}`]);
    const contact = recordsWithPrefix<ContactRecord>(after, CONTACT_PREFIX).find((c) => c.contactId === BOB)!;
    expect(contact.trust).toBe('changed-after-verified');
  });

  it('a member joins, then one leaves: the roster follows with an alert each', () => {
    let store = firstSight();
    const dan = testUser('@dan:example.org', ['DANPHONE']);
    const joined = snapshotOf({ room: roomOf([...TEAM, { userId: dan.userId, name: 'Dan' }], true), keys: keysOf(alice, bob, carol, dan) });
    const join = ingest(store, joined, T0 + 60_000);
    expect(rulesOf(join.plan.alerts).filter((r) => r.startsWith('participant'))).toEqual([`participant-added ${dan.userId}`]);
    store = join.store;
    const left = snapshotOf({
      room: roomOf([...TEAM.slice(0, 2), { userId: CAROL, membership: 'leave' }, { userId: dan.userId }], true),
      keys: keysOf(alice, bob, carol, dan),
    });
    const leave = ingest(store, left, T0 + 120_000);
    expect(rulesOf(leave.plan.alerts).filter((r) => r.startsWith('participant'))).toEqual([`participant-removed ${CAROL}`]);
  });
});
