import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { verifyUserKeys } from '../testing/verify-user-keys';
import { parseJoinedMembersResponse, parseMembersResponse } from './members';
import {
  applyListing,
  applySyncUpdate,
  emptyRoom,
  isComplete,
  MAX_USER_KEYS_BYTES,
  RoomStateSchema,
  syncUpdates,
  usersOfKeysQuery,
} from './observed-state';
import { joinedMembersBody, membersBody, syncBody } from '../testing/client-responses';
import { responseOf, testUser } from '../testing/keys-query-builder';

const ROOM = '!room:example.org';
const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';
const CAROL = '@carol:example.org';

describe('usersOfKeysQuery', () => {
  it("splits a response into each user's own part, which verifies exactly as the whole", () => {
    const alice = testUser(ALICE, ['A', 'B']);
    const bob = testUser(BOB, ['C'], ['C']);
    const response = responseOf(alice, bob);
    const { users, problems } = usersOfKeysQuery(response);
    expect(problems).toEqual([]);
    expect([...users.keys()].sort()).toEqual([ALICE, BOB]);
    for (const userId of [ALICE, BOB]) {
      const part = JSON.parse(users.get(userId) as string);
      expect(Object.keys(part.device_keys)).toEqual([userId]);
      expect(verifyUserKeys(part, userId)).toEqual(verifyUserKeys(response, userId));
    }
  });

  it('names a user found in any one of the maps, ignores keys that are not user ids, and bounds the size', () => {
    const response = {
      master_keys: { [ALICE]: { user_id: ALICE } },
      device_keys: { 'not a user': {}, [BOB]: { HUGE: { pad: 'x'.repeat(MAX_USER_KEYS_BYTES) } } },
      self_signing_keys: 'junk',
    };
    const { users, problems } = usersOfKeysQuery(response);
    expect(JSON.parse(users.get(ALICE) as string)).toEqual({ master_keys: { [ALICE]: { user_id: ALICE } } });
    expect(users.get(BOB)).toEqual({ oversized: expect.any(Number) });
    expect(problems.join()).toMatch(/1 entries not keyed by a user id/);
    expect(usersOfKeysQuery([]).problems.join()).toMatch(/not a JSON object/);
  });
});

describe('usersOfKeysQuery: what a server adds outside the signatures', () => {
  it('drops `unsigned` from every device and cross-signing key, and the rest still verifies', () => {
    const bob = testUser(BOB, ['C'], ['C']);
    const response = responseOf(bob) as Record<string, Record<string, any>>;
    const padding = '字'.repeat(100_000);
    for (const device of Object.values(response.device_keys![BOB]!) as Array<Record<string, unknown>>)
      device.unsigned = { device_display_name: padding };
    response.master_keys![BOB]!.unsigned = { note: padding };
    response.self_signing_keys![BOB]!.unsigned = { note: padding };
    const { users } = usersOfKeysQuery(response);
    const text = users.get(BOB) as string;
    expect(text).not.toContain('unsigned');
    expect(text.length).toBeLessThan(5000);
    expect(verifyUserKeys(JSON.parse(text), BOB)).toEqual(verifyUserKeys(responseOf(bob), BOB));
  });

  it('bounds one user by bytes: signed text of three-byte characters is kept only up to the same number of bytes', () => {
    const third = Math.ceil(MAX_USER_KEYS_BYTES / 3);
    const response = { device_keys: { [BOB]: { D: { user_id: BOB, device_id: 'D', pad: '字'.repeat(third) } } } };
    expect(users(response)).toEqual({ oversized: expect.any(Number) });
    const ascii = { device_keys: { [BOB]: { D: { user_id: BOB, device_id: 'D', pad: 'x'.repeat(third) } } } };
    expect(typeof users(ascii)).toBe('string');
  });
});

const users = (response: unknown) => usersOfKeysQuery(response).users.get(BOB);

describe('room membership', () => {
  it('a complete listing replaces the members; a filtered one merges into them', () => {
    const first = applyListing(null, parseMembersResponse(membersBody(ROOM, [{ userId: ALICE }, { userId: BOB }]), ROOM), true);
    expect(first.listed).toBe(true);
    const second = applyListing(first, parseMembersResponse(membersBody(ROOM, [{ userId: CAROL }]), ROOM), false);
    expect(second.members.map((m) => m.userId)).toEqual([ALICE, BOB, CAROL]);
    const third = applyListing(second, parseJoinedMembersResponse(joinedMembersBody([{ userId: ALICE }])), true);
    expect(third.members.map((m) => m.userId)).toEqual([ALICE]);
  });

  it('is complete after a listing, or when the members known match the summary counts', () => {
    expect(isComplete(emptyRoom())).toBe(false);
    const [update] = syncUpdates(
      syncBody([{ roomId: ROOM, members: [{ userId: ALICE }, { userId: BOB, membership: 'invite' }], summary: { joined: 1, invited: 1 } }]),
    );
    const room = applySyncUpdate(null, update!);
    expect(room.listed).toBe(false);
    expect(isComplete(room)).toBe(true);
    const [grown] = syncUpdates(syncBody([{ roomId: ROOM, summary: { joined: 2, invited: 1 } }]));
    expect(isComplete(applySyncUpdate(room, grown!))).toBe(false);
  });

  it('reads member changes, name, alias and counts from /sync, keeping what it did not change', () => {
    const updates = syncUpdates(
      syncBody([
        { roomId: ROOM, members: [{ userId: ALICE, name: 'Alice' }], name: 'Team', alias: '#team:example.org', summary: { joined: 1 } },
        { roomId: '!other:example.org', members: [{ userId: BOB, membership: 'leave' }] },
      ]),
    );
    expect(updates.map((u) => u.roomId)).toEqual([ROOM, '!other:example.org']);
    const room = applySyncUpdate(null, updates[0]!);
    expect(room).toMatchObject({ name: 'Team', alias: '#team:example.org', counts: { joined: 1, invited: 0 } });
    expect(room.members).toEqual([{ userId: ALICE, displayName: 'Alice', membership: 'join', fromSync: true }]);
    const later = applySyncUpdate(room, syncUpdates(syncBody([{ roomId: ROOM, members: [{ userId: ALICE, membership: 'leave' }] }]))[0]!);
    expect(later).toMatchObject({ name: 'Team', alias: '#team:example.org', counts: { joined: 1, invited: 0 } });
    expect(later.members[0]!.membership).toBe('leave');
    const renamed = applySyncUpdate(later, syncUpdates(syncBody([{ roomId: ROOM, name: '' }]))[0]!);
    expect(renamed.name).toBeNull();
  });

  it('every state it makes reads back through the stored schema', () => {
    const room = applySyncUpdate(
      null,
      syncUpdates(syncBody([{ roomId: ROOM, members: [{ userId: ALICE, name: 'A'.repeat(400) }], name: 'N'.repeat(400) }]))[0]!,
    );
    expect(room.members[0]!.displayName).toHaveLength(256);
    expect(room.problems.join()).toMatch(/shortened/);
    expect(v.safeParse(RoomStateSchema, JSON.parse(JSON.stringify(room))).success).toBe(true);
  });

  it('gives nothing for junk', () => {
    for (const junk of [null, [], { rooms: [] }, { rooms: { join: null } }, { rooms: { join: { 'not a room': {} } } }]) {
      expect(syncUpdates(junk)).toEqual([]);
    }
  });
});
