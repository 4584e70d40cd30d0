import { describe, expect, it } from 'vitest';
import { verifyUserKeys } from '../testing/verify-user-keys';
import { parseJoinedMembersResponse, parseMembersResponse, parseSyncRoomMembers } from '../background/members';
import { MAX_FORWARDED_CHARS } from '../shared/observation';
import { MAX_OBSERVED_CHARS } from '../shared/observed-paths';
import { readPageEvent, type Observed } from './page-event';
import { joinedMembersBody, memberEvent, membersBody, pageEventDetail, paths, syncBody, whoamiBody } from '../testing/client-responses';
import { responseOf, testUser } from '../testing/keys-query-builder';

const ROOM = '!room:example.org';
const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';

function observed(path: string, body: unknown): Observed {
  const result = readPageEvent(pageEventDetail(path, body));
  if (result.status !== 'observed') throw new Error(`expected an observation, got ${JSON.stringify(result)}`);
  return result.observed;
}

describe('readPageEvent: what is forwarded', () => {
  it('forwards the three key maps of /keys/query whole, so every signature still verifies', () => {
    const alice = testUser(ALICE, ['PHONE', '__proto__'], ['PHONE']);
    const response = { ...responseOf(alice), user_signing_keys: { [ALICE]: { big: 'x'.repeat(1000) } } };
    const result = observed(paths.keysQuery, response);
    expect(result).toMatchObject({ kind: 'keys-query', roomId: null, complete: false });
    const forwarded = JSON.parse(result.body);
    expect(Object.keys(forwarded).sort()).toEqual(['device_keys', 'master_keys', 'self_signing_keys']);
    expect(verifyUserKeys(forwarded, ALICE)).toEqual(verifyUserKeys(response, ALICE));
    expect(Object.keys(forwarded.device_keys[ALICE])).toContain('__proto__');
  });

  it('drops `unsigned` (which no signature covers) from every device and cross-signing key, keeping a device named __proto__', () => {
    const alice = testUser(ALICE, ['PHONE', '__proto__'], ['PHONE']);
    const response = responseOf(alice) as Record<string, Record<string, any>>;
    const devices = response.device_keys![ALICE]!;
    for (const id of Object.keys(devices)) devices[id].unsigned = { device_display_name: '字'.repeat(50_000) };
    response.master_keys![ALICE]!.unsigned = { x: 1 };
    const forwarded = JSON.parse(observed(paths.keysQuery, response).body);
    expect(JSON.stringify(forwarded)).not.toContain('unsigned');
    expect(Object.keys(forwarded.device_keys[ALICE])).toEqual(['PHONE', '__proto__']);
    expect(verifyUserKeys(forwarded, ALICE)).toEqual(verifyUserKeys(responseOf(alice), ALICE));
  });

  it('trims member listings to what the parsers read, with the same result', () => {
    const members = membersBody(ROOM, [
      { userId: ALICE, name: 'Alice' },
      { userId: BOB, membership: 'invite' },
    ]);
    (members.chunk as unknown[]).push({ type: 'm.room.message', content: { body: 'hi' } }, 'junk');
    const result = observed(paths.members(ROOM), members);
    expect(result).toMatchObject({ kind: 'members', roomId: ROOM, complete: true });
    expect(result.body.length).toBeLessThan(JSON.stringify(members).length);
    expect(parseMembersResponse(JSON.parse(result.body), ROOM)).toEqual(parseMembersResponse(members, ROOM));

    const joined = joinedMembersBody([{ userId: ALICE, name: 'Alice' }, { userId: '__proto__' }]);
    const joinedResult = observed(paths.joinedMembers(ROOM), joined);
    expect(parseJoinedMembersResponse(JSON.parse(joinedResult.body))).toEqual(parseJoinedMembersResponse(joined));
  });

  it('keeps only member, name and alias events and the counts of /sync', () => {
    const sync = syncBody([
      {
        roomId: ROOM,
        members: [{ userId: BOB, name: 'Bob' }],
        summary: { joined: 2 },
        name: 'Team',
        alias: '#team:example.org',
        messages: 500,
      },
      { roomId: '!quiet:example.org', messages: 20 },
    ]);
    const result = observed(paths.sync('s1'), sync);
    const forwarded = JSON.parse(result.body);
    expect(result.body.length).toBeLessThan(2000);
    expect(Object.keys(forwarded.rooms.join)).toEqual([ROOM]);
    expect(forwarded.rooms.join[ROOM].summary).toEqual({ 'm.joined_member_count': 2, 'm.invited_member_count': 0 });
    expect(parseSyncRoomMembers(forwarded, ROOM)).toEqual(parseSyncRoomMembers(sync, ROOM));
    expect(forwarded.rooms.join[ROOM].state.events.map((e: { type: string }) => e.type)).toEqual(['m.room.name', 'm.room.canonical_alias']);
  });

  it('ignores a /sync that changes no room it reads', () => {
    expect(readPageEvent(pageEventDetail(paths.sync('s2'), syncBody([{ roomId: ROOM, messages: 3 }])))).toEqual({ status: 'ignored' });
    expect(readPageEvent(pageEventDetail(paths.sync('s2'), { next_batch: 'x' }))).toEqual({ status: 'ignored' });
  });

  it('keeps MSC4222 state_after, where a member may be carried with no timeline event, and it wins over the timeline', () => {
    const sync = syncBody([{ roomId: ROOM, members: [{ userId: BOB, name: 'Bob' }], summary: { joined: 3 } }]) as any;
    const room = sync.rooms.join[ROOM];
    delete room.state;
    const hidden = memberEvent(ROOM, { userId: '@mallory:example.org', name: 'Mallory' });
    const bobLeft = memberEvent(ROOM, { userId: BOB, membership: 'leave' });
    room['org.matrix.msc4222.state_after'] = { events: [hidden, bobLeft] };
    const forwarded = JSON.parse(observed(paths.sync('s1'), sync).body);
    expect(parseSyncRoomMembers(forwarded, ROOM)).toEqual(parseSyncRoomMembers(sync, ROOM));
    expect(parseSyncRoomMembers(forwarded, ROOM).members.map((m) => [m.userId, m.membership])).toEqual([
      ['@bob:example.org', 'leave'],
      ['@mallory:example.org', 'join'],
    ]);
    room.state_after = room['org.matrix.msc4222.state_after'];
    delete room['org.matrix.msc4222.state_after'];
    expect(parseSyncRoomMembers(JSON.parse(observed(paths.sync('s1'), sync).body), ROOM).members).toHaveLength(2);
  });

  it('forwards the names of the servers a /keys/query says it could not reach, and nothing else of them', () => {
    const response = {
      ...responseOf(testUser(ALICE, ['PHONE'])),
      failures: { 'remote.example': { status: 503, message: 'x'.repeat(5000) } },
    };
    const forwarded = JSON.parse(observed(paths.keysQuery, response).body);
    expect(forwarded.failures).toEqual({ 'remote.example': {} });
    // A failures list (not a map) makes the client refuse the whole response: nothing of it is forwarded.
    const junk = { ...responseOf(testUser(ALICE, ['PHONE'])), failures: ['remote.example'] };
    expect(readPageEvent(pageEventDetail(paths.keysQuery, junk))).toMatchObject({
      status: 'refused',
      reason: /failures is not a JSON object/,
    });
  });

  it('forwards only the user id of /account/whoami', () => {
    expect(JSON.parse(observed(paths.whoami, whoamiBody(ALICE)).body)).toEqual({ user_id: ALICE });
  });
});

describe('readPageEvent: what is refused', () => {
  const refusals: Array<[string, unknown, RegExp]> = [
    ['a non-string detail', { url: paths.keysQuery, body: '{}' }, /not text/],
    ['a detail that is not JSON', '{"url":', /not \{ url, body \}/],
    ['an envelope of the wrong shape', JSON.stringify({ url: 5, body: '{}' }), /not \{ url, body \}/],
    ['a path KeyWatch does not read', pageEventDetail('/_matrix/client/v3/keys/upload', {}), /not an API response/],
    ['a body that is not JSON', JSON.stringify({ url: paths.keysQuery, body: '<html>' }), /not JSON/],
    [
      'keys/query whose device_keys is a list',
      pageEventDetail(paths.keysQuery, { device_keys: [] }),
      /client refuses it: device_keys is not/,
    ],
    ['members without a chunk', pageEventDetail(paths.members(ROOM), { chunk: {} }), /chunk: expected a list/],
    ['joined_members without joined', pageEventDetail(paths.joinedMembers(ROOM), []), /joined: expected a JSON object/],
    ['sync whose rooms is a list', pageEventDetail(paths.sync(), { rooms: [] }), /rooms: expected a JSON object/],
    ['whoami without a user id', pageEventDetail(paths.whoami, { user_id: 7 }), /user_id/],
  ];
  it.each(refusals)('%s', (_, detail, reason) => {
    const result = readPageEvent(detail);
    expect(result.status).toBe('refused');
    expect(result).toMatchObject({ lost: false });
    expect((result as { reason: string }).reason).toMatch(reason);
  });

  it('counts a response too large to read or forward as lost', () => {
    expect(readPageEvent(JSON.stringify({ url: paths.keysQuery, body: null }))).toMatchObject({ status: 'refused', lost: true });
    const huge = { device_keys: { [ALICE]: { A: { pad: 'x'.repeat(MAX_FORWARDED_CHARS) } } } };
    expect(readPageEvent(pageEventDetail(paths.keysQuery, huge))).toMatchObject({ status: 'refused', lost: true });
    expect(readPageEvent('x'.repeat(2 * MAX_OBSERVED_CHARS + 5000))).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/too long/),
    });
  });

  it('never throws on hostile values', () => {
    const hostile = {
      get url() {
        throw new Error('boom');
      },
    };
    for (const value of [
      hostile,
      null,
      undefined,
      42,
      Symbol('s'),
      () => 1,
      new Proxy(
        {},
        {
          get() {
            throw new Error('trap');
          },
        },
      ),
    ]) {
      expect(readPageEvent(value).status).toBe('refused');
    }
  });
});
