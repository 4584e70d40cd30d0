import { describe, expect, it } from 'vitest';
import { emptyRoom } from './observed-state';
import {
  accountOf,
  emptyMeta,
  metaKey,
  planSessionWrite,
  readMeta,
  readRoom,
  readUserKeys,
  resolveOpenRoom,
  roomKey,
  SESSION_LIMITS,
  userKey,
  type SessionChange,
} from './session-plan';

const ORIGIN = 'https://app.element.io';
const none: SessionChange = { users: new Map(), rooms: new Map(), aliases: new Map(), whoami: null };

describe('planSessionWrite', () => {
  it('writes each changed user and room under its own key, and the index', () => {
    const plan = planSessionWrite(ORIGIN, emptyMeta(), {
      ...none,
      users: new Map([['@a:x', '{"k":1}']]),
      rooms: new Map([['!r:x', emptyRoom()]]),
      whoami: '@a:x',
    });
    expect(Object.keys(plan.writes).sort()).toEqual([metaKey(ORIGIN), roomKey(ORIGIN, '!r:x'), userKey(ORIGIN, '@a:x')].sort());
    expect(plan.writes[metaKey(ORIGIN)]).toEqual({
      whoami: '@a:x',
      users: [['@a:x', 7]],
      rooms: [['!r:x', JSON.stringify(emptyRoom()).length]],
      aliases: [],
    });
    expect(plan.deletes).toEqual([]);
  });

  it('moves an updated user to the most recent end and evicts the oldest past the budget', () => {
    const big = 'x'.repeat(SESSION_LIMITS.userChars / 4);
    let meta = emptyMeta();
    for (const id of ['@1:x', '@2:x', '@3:x', '@4:x'])
      meta = planSessionWrite(ORIGIN, meta, { ...none, users: new Map([[id, big]]) }).writes[metaKey(ORIGIN)] as typeof meta;
    meta = planSessionWrite(ORIGIN, meta, { ...none, users: new Map([['@1:x', big]]) }).writes[metaKey(ORIGIN)] as typeof meta;
    expect(meta.users.map(([id]) => id)).toEqual(['@2:x', '@3:x', '@4:x', '@1:x']);
    const plan = planSessionWrite(ORIGIN, meta, { ...none, users: new Map([['@5:x', big]]) });
    expect(plan.deletes).toEqual([userKey(ORIGIN, '@2:x')]);
    expect((plan.writes[metaKey(ORIGIN)] as typeof meta).users.map(([id]) => id)).toEqual(['@3:x', '@4:x', '@1:x', '@5:x']);
  });

  it('bounds the number of rooms and aliases, and keeps the account unless a new one is named', () => {
    const rooms = new Map(Array.from({ length: SESSION_LIMITS.rooms + 2 }, (_, i) => [`!r${i}:x`, emptyRoom()] as const));
    const aliases = new Map(Array.from({ length: SESSION_LIMITS.aliases + 3 }, (_, i) => [`#a${i}:x`, `!r${i}:x`] as const));
    const plan = planSessionWrite(ORIGIN, { ...emptyMeta(), whoami: '@me:x' }, { ...none, rooms, aliases });
    const meta = plan.writes[metaKey(ORIGIN)] as ReturnType<typeof emptyMeta>;
    expect(meta.rooms).toHaveLength(SESSION_LIMITS.rooms);
    expect(plan.deletes).toEqual([roomKey(ORIGIN, '!r0:x'), roomKey(ORIGIN, '!r1:x')]);
    expect(plan.writes).not.toHaveProperty(roomKey(ORIGIN, '!r0:x'));
    expect(meta.aliases).toHaveLength(SESSION_LIMITS.aliases);
    expect(meta.whoami).toBe('@me:x');
  });
});

describe('reading back', () => {
  it('reads damaged values as never seen', () => {
    expect(readMeta({ whoami: 5 })).toEqual(emptyMeta());
    expect(readRoom({ ...emptyRoom(), members: 'all' })).toBeNull();
    expect(readRoom(emptyRoom())).toEqual(emptyRoom());
    expect(readUserKeys(42)).toBeNull();
    expect(readUserKeys({ oversized: 9 })).toEqual({ oversized: 9 });
    expect(readUserKeys('{}')).toBe('{}');
  });
});

describe('resolveOpenRoom', () => {
  const meta = {
    ...emptyMeta(),
    aliases: [
      ['#team:x', '!old:x'],
      ['#team:x', '!team:x'],
      ['#bad:x', 'not a room'],
    ] as Array<[string, string]>,
  };
  it('takes a room id as is, and an alias through what the room state said', () => {
    expect(resolveOpenRoom('!r:x', meta, new Map())).toBe('!r:x');
    expect(resolveOpenRoom('#team:x', meta, new Map())).toBe('!team:x');
    expect(resolveOpenRoom('#team:x', meta, new Map([['#team:x', '!new:x']]))).toBe('!new:x');
  });
  it('gives null for an unknown alias, a bad mapping, or no room', () => {
    expect(resolveOpenRoom('#other:x', meta, new Map())).toBeNull();
    expect(resolveOpenRoom('#bad:x', meta, new Map())).toBeNull();
    expect(resolveOpenRoom(null, meta, new Map())).toBeNull();
    expect(resolveOpenRoom('lounge', meta, new Map())).toBeNull();
  });
});

describe('accountOf', () => {
  it("prefers the client's own record, falls back to /whoami, refuses what is not a user id", () => {
    const meta = { ...emptyMeta(), whoami: '@earlier:x' };
    expect(accountOf('@now:x', meta)).toBe('@now:x');
    expect(accountOf(null, meta)).toBe('@earlier:x');
    expect(accountOf('now', meta)).toBe('@earlier:x');
    expect(accountOf(null, emptyMeta())).toBeNull();
  });
});
