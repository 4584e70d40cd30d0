import { describe, expect, it } from 'vitest';
import { effectOf } from './observation-apply';
import { applyListing, emptyRoom } from './observed-state';
import { parseMembersResponse } from './members';
import { MAX_MEMBER_EVENTS } from '../shared/limits';
import { joinedMembersBody, membersBody, pageEventDetail, paths, syncBody } from '../testing/client-responses';
import { readPageEvent } from '../content/page-event';
import { responseOf, testUser } from '../testing/keys-query-builder';

const ROOM = '!room:example.org';
const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';
const OTHER = '!other:example.org';
const request = (
  kind: 'keys-query' | 'members' | 'joined-members' | 'sync' | 'whoami' | 'view',
  body: unknown,
  roomId: string | null = null,
  complete = false,
) => ({ kind, roomId, complete, body: typeof body === 'string' ? body : JSON.stringify(body) });
const known = {
  ...applyListing(null, parseMembersResponse(membersBody(ROOM, [{ userId: ALICE }, { userId: BOB }]), ROOM), true),
  ingested: true,
};

describe('effectOf', () => {
  it('replaces the keys of each user a /keys/query names', () => {
    const effect = effectOf(request('keys-query', responseOf(testUser(ALICE, ['A']), testUser(BOB, ['B']))));
    expect([...effect.users.keys()].sort()).toEqual([ALICE, BOB]);
    expect(effect.rooms.size).toBe(0);
  });

  it('applies a listing to its room: complete replaces, filtered merges', () => {
    const complete = effectOf(request('joined-members', joinedMembersBody([{ userId: ALICE }]), ROOM, true));
    expect(complete.rooms.get(ROOM)!(known).members.map((m) => m.userId)).toEqual([ALICE]);
    const filtered = effectOf(request('members', membersBody(ROOM, [{ userId: '@carol:example.org' }]), ROOM, false));
    expect(filtered.rooms.get(ROOM)!(known).members.map((m) => m.userId)).toEqual([ALICE, BOB, '@carol:example.org']);
  });

  it('keeps what /sync said of a member over a listing as of an earlier sync token, not over a current one', () => {
    const CAROL = '@carol:example.org';
    // The browser was closed while Carol left and Dan joined; the catch-up /sync reaches the page first.
    const caughtUp = effectOf(
      request('sync', syncBody([{ roomId: ROOM, members: [{ userId: CAROL, membership: 'leave' }, { userId: '@dan:example.org' }] }])),
    ).rooms.get(ROOM)!({ ...known, members: [...known.members, { userId: CAROL, displayName: null, membership: 'join' }] });
    const earlier = membersBody(ROOM, [{ userId: ALICE }, { userId: BOB }, { userId: CAROL }]);
    const asOfEarlier = { ...request('members', earlier, ROOM, true), asOfEarlierSync: true };
    const after = effectOf(asOfEarlier).rooms.get(ROOM)!(caughtUp);
    expect(after.members.map((m) => [m.userId, m.membership])).toEqual([
      [ALICE, 'join'],
      [BOB, 'join'],
      [CAROL, 'leave'],
      ['@dan:example.org', 'join'],
    ]);
    // A later listing as of an earlier token still keeps them; a current listing (no `at`) is the whole room.
    expect(effectOf(asOfEarlier).rooms.get(ROOM)!(after).members.find((m) => m.userId === CAROL)!.membership).toBe('leave');
    const current = effectOf(request('members', earlier, ROOM, true)).rooms.get(ROOM)!(after);
    expect(current.members.map((m) => [m.userId, m.membership])).toEqual([
      [ALICE, 'join'],
      [BOB, 'join'],
      [CAROL, 'join'],
    ]);
    expect(current.members.some((m) => m.fromSync)).toBe(false);
  });

  it('does not take a listing it cannot read at all as everyone having left', () => {
    const effect = effectOf(request('members', { chunk: 'gone' }, ROOM, true));
    expect(effect.rooms.size).toBe(0);
    expect(effect.problems.join()).toMatch(/malformed/);
    expect(effectOf(request('members', membersBody(ROOM, []), null, true)).problems.join()).toMatch(/names no room/);
  });

  it('names the rooms whose membership a response held but could not be read whole, and only those', () => {
    const CAROL = '@carol:example.org';
    // A listing padded past what is read: refused as a whole, though it named Carol.
    const padded = membersBody(ROOM, [
      { userId: CAROL },
      ...Array.from({ length: MAX_MEMBER_EVENTS }, (_, i) => ({ userId: `@left${i}:x.org`, membership: 'leave' as const })),
    ]);
    expect(effectOf(request('members', padded, ROOM, true)).unreadRooms).toEqual([ROOM]);
    // One member event of a listing refused: read, and said to be incomplete.
    const oneBad = membersBody(ROOM, [{ userId: ALICE }, { userId: 'not a user id' }]);
    const partly = effectOf(request('members', oneBad, ROOM, true));
    expect(partly.rooms.size).toBe(1);
    expect(partly.unreadRooms).toEqual([ROOM]);
    // A /sync whose timeline for the room cannot be read.
    const sync = syncBody([
      { roomId: ROOM, members: [{ userId: CAROL }] },
      { roomId: OTHER, members: [{ userId: BOB }] },
    ]);
    (sync as { rooms: { join: Record<string, { timeline: { events: unknown } }> } }).rooms.join[ROOM]!.timeline.events = 'padded';
    expect(effectOf(request('sync', sync)).unreadRooms).toEqual([ROOM]);
    // A display name too long is shortened: every membership was read.
    const long = membersBody(ROOM, [{ userId: ALICE, name: 'A'.repeat(5_000) }]);
    const shortened = effectOf(request('members', long, ROOM, true));
    expect(shortened.problems.length + [...shortened.rooms.values()][0]!(null).problems.length).toBeGreaterThan(0);
    expect(shortened.unreadRooms).toEqual([]);
    expect(effectOf(request('members', membersBody(ROOM, [{ userId: ALICE }]), ROOM, true)).unreadRooms).toEqual([]);
  });

  it('names the open room as unread when a /sync holds it past the rooms read, however the content script forwards it', () => {
    const CAROL = '@carol:example.org';
    const pads = Array.from({ length: 1000 }, (_, i) => ({
      roomId: `!pad${i}:evil.example`,
      members: [{ userId: `@p${i}:evil.example` }],
    }));
    const padded = syncBody([...pads, { roomId: ROOM, members: [{ userId: CAROL }] }]);
    const read = readPageEvent(pageEventDetail(paths.sync('s1'), padded));
    if (read.status !== 'observed') throw new Error(JSON.stringify(read));
    const effect = effectOf({ ...read.observed, roomId: null });
    expect(effect.rooms.has(ROOM)).toBe(false);
    expect(effect.unreadRooms).toContain(ROOM);
    expect(effect.unreadRooms).not.toContain('!pad0:evil.example');
    // A /sync within the bound names none.
    expect(effectOf(request('sync', syncBody(pads.slice(0, 10)))).unreadRooms).toEqual([]);
  });

  it('updates every room a /sync changes and learns canonical aliases', () => {
    const effect = effectOf(
      request(
        'sync',
        syncBody([
          { roomId: ROOM, members: [{ userId: BOB, membership: 'leave' }], alias: '#team:example.org' },
          { roomId: '!b:example.org', name: 'B' },
        ]),
      ),
    );
    expect([...effect.rooms.keys()]).toEqual([ROOM, '!b:example.org']);
    expect(effect.rooms.get(ROOM)!(known).members.find((m) => m.userId === BOB)!.membership).toBe('leave');
    expect(effect.rooms.get('!b:example.org')!(null)).toMatchObject({ ...emptyRoom(), name: 'B' });
    expect([...effect.aliases]).toEqual([['#team:example.org', ROOM]]);
  });

  it('takes the account from /whoami only when it is a user id', () => {
    expect(effectOf(request('whoami', { user_id: ALICE })).whoami).toBe(ALICE);
    expect(effectOf(request('whoami', { user_id: 'alice' })).whoami).toBeNull();
  });

  it('changes nothing for a view change or text that is not JSON', () => {
    const view = effectOf(request('view', ''));
    expect([view.users.size, view.rooms.size, view.problems]).toEqual([0, 0, []]);
    expect(effectOf(request('sync', '{')).problems.join()).toMatch(/not JSON/);
  });
});

describe('effectOf: /keys/query failures', () => {
  it('names the servers that did not answer', () => {
    const body = JSON.stringify({ device_keys: {}, failures: { 'remote.example': {}, '': {} } });
    expect(effectOf({ kind: 'keys-query', roomId: null, complete: false, body }).failedServers).toEqual(['remote.example']);
    expect(effectOf({ kind: 'keys-query', roomId: null, complete: false, body: '{}' }).failedServers).toEqual([]);
  });
});
