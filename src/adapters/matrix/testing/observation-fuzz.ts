// The whole Matrix observation path for the fuzz tests: what the content
// script does (readPageEvent: bounds, shape, trimming), what the background
// does (effectOf, the state update, buildRoomSnapshot), and the pure trust core
// (planIngest) on an in-memory store that already knows the room. Each step's
// promise is checked: nothing throws, every remembered state reads back through
// its schema, every snapshot built is one the trust core accepts, and every
// record the plan writes is valid. With `bypass`, the damaged text skips the
// content script's checks, holding the background to the same promises.

import * as v from 'valibot';
import { expect } from 'vitest';
import { planIngest, recordsReader, validateRecordAt } from '../../../core/trust';
import { checkSnapshot } from '../../../core/trust/ingest/snapshot-check';
import { emptyStore, ingest, T0, type Store } from '../../../core/trust/testing/test-support';
import { parseMembersResponse } from '../background/members';
import type { MatrixObservation } from '../shared/observation';
import { effectOf } from '../background/observation-apply';
import { applyListing, RoomStateSchema, usersOfKeysQuery, UserKeysSchema, type RoomState } from '../background/observed-state';
import { readPageEvent } from '../content/page-event';
import { buildRoomSnapshot } from '../background/room-snapshot';
import { readRemembered, verifyObservedUsers } from '../background/remembered-keys';
import { joinedMembersBody, membersBody, pageEventDetail, paths, syncBody, type MemberSpec } from './client-responses';
import { responseOf, testUser } from './keys-query-builder';

const ORIGIN = 'https://app.element.io';
export const ROOM = '!room:example.org';
export const ALICE = '@alice:example.org';
export const BOB = '@bob:example.org';
export const CAROL = '@carol:example.org';
const TEAM: MemberSpec[] = [
  { userId: ALICE, name: 'Alice' },
  { userId: BOB, name: 'Bob' },
  { userId: CAROL, name: 'Carol' },
];

// Bob has a device nobody cross-signed, so damage can turn every verdict into every other.
export const goodKeys = responseOf(
  testUser(ALICE, ['ALICEWEB']),
  testUser(BOB, ['BOBPHONE', 'GHOST'], ['GHOST']),
  testUser(CAROL, ['CAROLPHONE']),
);
export const goodMembers = membersBody(ROOM, [...TEAM, { userId: '@dan:example.org', membership: 'invite' }]);
export const goodJoined = joinedMembersBody(TEAM);
export const goodSync = syncBody([
  {
    roomId: ROOM,
    members: [
      { userId: '@erin:example.org', name: 'Erin' },
      { userId: CAROL, membership: 'leave' },
    ],
    summary: { joined: 3 },
    name: 'Team',
  },
]);

// What the background knows before each input: the room, taken in once, and everyone's keys.
const baseRoom: RoomState = { ...applyListing(null, parseMembersResponse(membersBody(ROOM, TEAM), ROOM), true), ingested: true };
const baseKeys = verifyObservedUsers(usersOfKeysQuery(goodKeys).users, T0);
const baseStore: Store = (() => {
  const built = buildRoomSnapshot({ origin: ORIGIN, account: ALICE, roomId: ROOM, room: baseRoom, keys: baseKeys, skipped: 0 });
  if (built.status !== 'snapshot') throw new Error(built.reason);
  return ingest(emptyStore(), built.snapshot, T0).store;
})();

export type FuzzKind = 'keys-query' | 'members' | 'joined-members' | 'sync';
const PATHS: Record<FuzzKind, string> = {
  'keys-query': paths.keysQuery,
  members: paths.members(ROOM),
  'joined-members': paths.joinedMembers(ROOM),
  sync: paths.sync('s1'),
};

export const tally = { inputs: 0, refusedByContent: 0, rostersPlanned: 0, waiting: 0 };
export const tallyLine = (what: string) =>
  `${what}: ${tally.inputs} malformed responses through the whole path; ${tally.refusedByContent} refused by the content script, ` +
  `${tally.rostersPlanned} rosters planned into the store, ${tally.waiting} waiting`;

/** One damaged response through every step. */
export function runObservation(kind: FuzzKind, body: unknown, bypass: boolean): void {
  tally.inputs++;
  const request = forwarded(kind, body, bypass);
  if (request) throughBackground(request);
}

function forwarded(kind: FuzzKind, body: unknown, bypass: boolean): MatrixObservation | null {
  const context = {
    openRoom: ROOM,
    clientUserId: ALICE,
    clientDeviceId: 'ALICEWEB',
    lastRoomId: ROOM,
    excludeInsecureDevices: false,
    skipped: 0,
  };
  const text = JSON.stringify(body) ?? 'null';
  if (bypass) {
    const listing = kind === 'members' || kind === 'joined-members';
    return { kind, roomId: listing ? ROOM : null, complete: listing, body: text, ...context };
  }
  const result = readPageEvent(pageEventDetail(PATHS[kind], text));
  expect(['observed', 'ignored', 'refused']).toContain(result.status);
  if (result.status !== 'observed') {
    tally.refusedByContent++;
    return null;
  }
  expect(result.observed.kind).toBe(kind);
  expect(() => JSON.parse(result.observed.body)).not.toThrow();
  return { ...result.observed, ...context };
}

function throughBackground(request: MatrixObservation): void {
  const effect = effectOf(request);
  for (const [, keys] of effect.users) expect(v.safeParse(UserKeysSchema, keys).success).toBe(true);
  const verified = verifyObservedUsers(effect.users, T0 + 1);
  for (const [, keys] of verified) expect(readRemembered(JSON.parse(JSON.stringify(keys)))).toEqual(keys);
  const keys = new Map([...baseKeys, ...verified]);
  const update = effect.rooms.get(ROOM);
  const room = update ? update(structuredClone(baseRoom)) : baseRoom;
  expect(v.safeParse(RoomStateSchema, JSON.parse(JSON.stringify(room))).success).toBe(true);
  for (const [roomId, apply] of effect.rooms) if (roomId !== ROOM) expect(v.safeParse(RoomStateSchema, apply(null)).success).toBe(true);

  const built = buildRoomSnapshot({ origin: ORIGIN, account: ALICE, roomId: ROOM, room, keys, skipped: 0, accountDevice: 'ALICEWEB' });
  if (built.status === 'waiting') {
    tally.waiting++;
    expect(built.reason.length).toBeGreaterThan(0);
    return;
  }
  const check = checkSnapshot(built.snapshot);
  expect(check.ok ? 'accepted' : check.reason).toBe('accepted');
  const now = T0 + 60_000;
  // Straight from the store, without copies: the plan must not change what it reads.
  const plan = planIngest(built.snapshot, recordsReader(baseStore), now);
  expect(plan.ok ? 'planned' : plan.reason).toBe('planned');
  if (!plan.ok) return;
  tally.rostersPlanned++;
  for (const [key, value] of Object.entries(plan.writes)) expect(validateRecordAt(key, value).status, key).toBe('ok');
  // Nothing is dropped that was not there: every delete names a record the store held.
  for (const key of plan.deletes) expect(Object.hasOwn(baseStore, key)).toBe(true);
}
