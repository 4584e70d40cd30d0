import { describe, expect, it } from 'vitest';
import { MAX_MEMBER_EVENTS } from '../shared/limits';
import { MAX_DISPLAY_NAME_LENGTH, parseJoinedMembersResponse, parseMembersResponse, parseSyncRoomMembers } from './members';

const ROOM = '!room:example.org';

function memberEvent(userId: string, membership: string, displayname?: unknown, extra: Record<string, unknown> = {}) {
  return {
    type: 'm.room.member',
    state_key: userId,
    sender: userId,
    room_id: ROOM,
    event_id: `$${userId}-${membership}`,
    origin_server_ts: 1,
    content: { membership, ...(displayname === undefined ? {} : { displayname }) },
    ...extra,
  };
}

describe('parseMembersResponse (/members)', () => {
  it('reads every member with their display name and membership, sorted by user id', () => {
    const body = {
      chunk: [
        memberEvent('@zoe:example.org', 'join', 'Zoë'),
        memberEvent('@al:example.org', 'invite', null),
        memberEvent('@bo:b.net', 'leave'),
      ],
    };
    expect(parseMembersResponse(body, ROOM)).toEqual({
      members: [
        { userId: '@al:example.org', displayName: null, membership: 'invite' },
        { userId: '@bo:b.net', displayName: null, membership: 'leave' },
        { userId: '@zoe:example.org', displayName: 'Zoë', membership: 'join' },
      ],
      problems: [],
    });
  });

  it('lets the latest event for a user win', () => {
    const body = { chunk: [memberEvent('@a:x', 'invite', 'A'), memberEvent('@a:x', 'join', 'Alice')] };
    expect(parseMembersResponse(body).members).toEqual([{ userId: '@a:x', displayName: 'Alice', membership: 'join' }]);
  });

  it('skips bad events with one problem each and keeps the good ones', () => {
    const body = {
      chunk: [
        memberEvent('@ok:x', 'join'),
        memberEvent('not-a-user', 'join'),
        memberEvent('@m:x', 'joined'),
        memberEvent('@other:x', 'join', 'Other', { room_id: '!elsewhere:x' }),
        memberEvent('@n:x', 'join', 42),
        { type: 'm.room.member', state_key: '@c:x' },
        { type: 'm.room.message', content: { body: 'hi' } },
        null,
      ],
    };
    const result = parseMembersResponse(body, ROOM);
    expect(result.members.map((m) => m.userId)).toEqual(['@n:x', '@ok:x']);
    expect(result.members[0]!.displayName).toBeNull();
    expect(result.problems).toEqual([
      'chunk[1]: "not-a-user" is not a Matrix user id',
      'chunk[2]: member event malformed (content.membership: unknown membership)',
      'chunk[3]: member event for "!elsewhere:x" served for "!room:example.org"',
      'chunk[4]: display name is not a string',
      expect.stringMatching(/^chunk\[5\]: member event malformed \(content: /),
    ]);
  });

  it('shortens over-long display names without splitting a character', () => {
    const long = 'a'.repeat(MAX_DISPLAY_NAME_LENGTH - 1) + '😀' + 'b';
    const result = parseMembersResponse({ chunk: [memberEvent('@a:x', 'join', long)] });
    expect(result.members[0]!.displayName).toBe('a'.repeat(MAX_DISPLAY_NAME_LENGTH - 1));
    expect(result.problems[0]).toMatch(/shortened/);
  });

  it('refuses malformed and over-large responses with a problem, never a throw', () => {
    for (const body of [undefined, null, [], { chunk: {} }, { chunk: 'x' }, 'x']) {
      const result = parseMembersResponse(body);
      expect(result.members).toEqual([]);
      expect(result.problems[0]).toMatch(/^membership: \/members response malformed/);
    }
    const boom = () => {
      throw new Error('boom');
    };
    const trap = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom });
    for (const parse of [parseMembersResponse, parseJoinedMembersResponse, (b: unknown) => parseSyncRoomMembers(b, ROOM)]) {
      expect(parse(trap).members).toEqual([]);
      expect(parse(trap).problems[0]).toMatch(/internal error while reading: boom$/);
    }
    const huge = { chunk: Array.from({ length: MAX_MEMBER_EVENTS + 1 }, () => ({})) };
    expect(parseMembersResponse(huge).problems[0]).toMatch(/more than 5000 events/);
  });
});

describe('parseJoinedMembersResponse (/joined_members)', () => {
  it('reads joined members and their display names', () => {
    const body = JSON.parse('{"joined":{"@b:x":{"display_name":"Bea","avatar_url":null},"@a:x":{"display_name":null},"@c:x":{}}}');
    expect(parseJoinedMembersResponse(body)).toEqual({
      members: [
        { userId: '@a:x', displayName: null, membership: 'join' },
        { userId: '@b:x', displayName: 'Bea', membership: 'join' },
        { userId: '@c:x', displayName: null, membership: 'join' },
      ],
      problems: [],
    });
  });

  it('reports entries it cannot use', () => {
    const body = JSON.parse('{"joined":{"__proto__":{},"@a:x":[],"@b:x":{"display_name":5}}}');
    const result = parseJoinedMembersResponse(body);
    expect(result.members.map((m) => m.userId)).toEqual(['@a:x', '@b:x']);
    expect(result.problems).toEqual([
      'joined member "__proto__": "__proto__" is not a Matrix user id',
      'joined member "@a:x": profile is not a JSON object',
      'joined member "@b:x": display name is not a string',
    ]);
    expect(parseJoinedMembersResponse({ joined: [] }).problems[0]).toMatch(/joined: expected a JSON object/);
  });
});

describe('parseSyncRoomMembers (/sync)', () => {
  it('applies state, then timeline, of the room only', () => {
    const body = {
      next_batch: 's1',
      rooms: {
        join: {
          [ROOM]: {
            state: { events: [memberEvent('@a:x', 'join', 'A'), memberEvent('@b:x', 'invite')] },
            timeline: { events: [memberEvent('@b:x', 'join', 'B'), { type: 'm.room.message', content: {} }, memberEvent('@c:x', 'leave')] },
          },
          '!other:x': { state: { events: [memberEvent('@zz:x', 'join')] } },
        },
      },
    };
    expect(parseSyncRoomMembers(body, ROOM)).toEqual({
      members: [
        { userId: '@a:x', displayName: 'A', membership: 'join' },
        { userId: '@b:x', displayName: 'B', membership: 'join' },
        { userId: '@c:x', displayName: null, membership: 'leave' },
      ],
      problems: [],
    });
  });

  it('reads the stripped state of an invite', () => {
    const stripped = { type: 'm.room.member', state_key: '@me:x', sender: '@a:x', content: { membership: 'invite' } };
    const body = { rooms: { invite: { [ROOM]: { invite_state: { events: [stripped] } } } } };
    expect(parseSyncRoomMembers(body, ROOM).members).toEqual([{ userId: '@me:x', displayName: null, membership: 'invite' }]);
  });

  it('returns nothing for a response without the room, and problems for broken sections', () => {
    expect(parseSyncRoomMembers({ next_batch: 's' }, ROOM)).toEqual({ members: [], problems: [] });
    expect(parseSyncRoomMembers({ rooms: { join: [] } }, ROOM).problems).toEqual(['/sync rooms.join: expected a JSON object']);
    const broken = { rooms: { join: { [ROOM]: { state: { events: 'x' } } }, leave: { [ROOM]: {} } } };
    expect(parseSyncRoomMembers(broken, ROOM).problems).toEqual([
      '/sync rooms.join.state: malformed (Invalid type: Expected Array but received "x")',
      '/sync "!room:example.org": the room appears in 2 sections at once',
    ]);
  });
});
