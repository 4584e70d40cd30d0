import { describe, expect, it } from 'vitest';
import { emptyRoom } from './observed-state';
import { chargedBytes, entryBytes, jsonStringBytes, partBytes } from './session-bytes';
import {
  accountOf,
  emptyMeta,
  keysOfOrigin,
  metaKey,
  planOrigins,
  planSessionWrite,
  readMeta,
  readOrigins,
  readRoom,
  readUserKeys,
  roomKey,
  SESSION_LIMITS,
  userKey,
  type SessionChange,
} from './session-plan';

const ORIGIN = 'https://app.element.io';
const none: SessionChange = { users: new Map(), rooms: new Map(), aliases: new Map(), whoami: null };

const metaOf = (plan: { writes: Record<string, unknown> }) => readMeta(plan.writes[metaKey(ORIGIN)]);

describe('planSessionWrite', () => {
  it('writes each changed user and room under its own key as text, and the index', () => {
    const plan = planSessionWrite(ORIGIN, emptyMeta(), {
      ...none,
      users: new Map([['@a:x', '{"k":1}']]),
      rooms: new Map([['!r:x', emptyRoom()]]),
      whoami: '@a:x',
    });
    expect(Object.keys(plan.writes).sort()).toEqual([metaKey(ORIGIN), roomKey(ORIGIN, '!r:x'), userKey(ORIGIN, '@a:x')].sort());
    expect(plan.writes[userKey(ORIGIN, '@a:x')]).toBe('{"k":1}');
    expect(readRoom(plan.writes[roomKey(ORIGIN, '!r:x')])).toEqual(emptyRoom());
    const meta = metaOf(plan);
    expect(meta).toEqual(plan.meta);
    expect(meta.whoami).toBe('@a:x');
    expect(meta.users.map(([id]) => id)).toEqual(['@a:x']);
    expect(meta.rooms.map(([id]) => id)).toEqual(['!r:x']);
    expect(plan.deletes).toEqual([]);
    expect(plan.bytes).toBeGreaterThan(entryBytes(userKey(ORIGIN, '@a:x'), '{"k":1}'));
  });

  it('counts bytes as the browsers charge them, not characters: three-byte text costs three times as much', () => {
    const ascii = planSessionWrite(ORIGIN, emptyMeta(), { ...none, users: new Map([['@a:x', 'a'.repeat(10_000)]]) });
    const cjk = planSessionWrite(ORIGIN, emptyMeta(), { ...none, users: new Map([['@a:x', '字'.repeat(10_000)]]) });
    expect(cjk.bytes - ascii.bytes).toBe(20_000);
    expect(chargedBytes('字'.repeat(10))).toBe(30);
    // Firefox charges two bytes per unit once one is above 255: one such character makes ASCII cost double.
    expect(chargedBytes('a'.repeat(100) + '\u0100')).toBe(202);
    expect(chargedBytes('é'.repeat(10))).toBe(20);
    expect(chargedBytes('😀')).toBe(4);
    expect(chargedBytes('\ud800')).toBe(3);
  });

  it('moves an updated user to the most recent end and evicts the oldest past the byte budget', () => {
    const big = '字'.repeat(Math.floor(SESSION_LIMITS.originBytes / 3 / 4.5));
    let meta = emptyMeta();
    for (const id of ['@1:x', '@2:x', '@3:x', '@4:x']) meta = planSessionWrite(ORIGIN, meta, { ...none, users: new Map([[id, big]]) }).meta;
    meta = planSessionWrite(ORIGIN, meta, { ...none, users: new Map([['@1:x', big]]) }).meta;
    expect(meta.users.map(([id]) => id)).toEqual(['@2:x', '@3:x', '@4:x', '@1:x']);
    const plan = planSessionWrite(ORIGIN, meta, { ...none, users: new Map([['@5:x', big]]) });
    expect(plan.deletes).toEqual([userKey(ORIGIN, '@2:x')]);
    expect(plan.evicted.users).toEqual(['@2:x']);
    expect(plan.meta.users.map(([id]) => id)).toEqual(['@3:x', '@4:x', '@1:x', '@5:x']);
    expect(plan.bytes).toBeLessThanOrEqual(SESSION_LIMITS.originBytes);
  });

  it("lets the open room's members go last", () => {
    const big = 'x'.repeat(Math.floor(SESSION_LIMITS.originBytes / 4.5));
    let meta = emptyMeta();
    for (const id of ['@bob:x', '@1:x', '@2:x', '@3:x'])
      meta = planSessionWrite(ORIGIN, meta, { ...none, users: new Map([[id, big]]) }).meta;
    const plan = planSessionWrite(ORIGIN, meta, { ...none, users: new Map([['@4:x', big]]) }, new Set(['@bob:x']));
    expect(plan.evicted.users).toEqual(['@1:x']);
    expect(plan.meta.users.map(([id]) => id)).toEqual(['@bob:x', '@2:x', '@3:x', '@4:x']);
  });

  it('stores a user too large to keep as its size, which reads back as such', () => {
    const plan = planSessionWrite(ORIGIN, emptyMeta(), { ...none, users: new Map([['@a:x', { oversized: 900_000 }]]) });
    expect(plan.writes[userKey(ORIGIN, '@a:x')]).toBe(900_000);
    expect(readUserKeys(900_000)).toEqual({ oversized: 900_000 });
  });

  it('bounds the number of rooms and aliases, and keeps the account unless a new one is named', () => {
    const rooms = new Map(Array.from({ length: SESSION_LIMITS.rooms + 2 }, (_, i) => [`!r${i}:x`, emptyRoom()] as const));
    const aliases = new Map(Array.from({ length: SESSION_LIMITS.aliases + 3 }, (_, i) => [`#a${i}:x`, `!r${i}:x`] as const));
    const plan = planSessionWrite(ORIGIN, { ...emptyMeta(), whoami: '@me:x' }, { ...none, rooms, aliases });
    expect(plan.meta.rooms).toHaveLength(SESSION_LIMITS.rooms);
    expect(plan.deletes).toEqual([roomKey(ORIGIN, '!r0:x'), roomKey(ORIGIN, '!r1:x')]);
    expect(plan.writes).not.toHaveProperty(roomKey(ORIGIN, '!r0:x'));
    expect(plan.meta.aliases).toHaveLength(SESSION_LIMITS.aliases);
    expect(plan.meta.whoami).toBe('@me:x');
  });

  it('takes a smaller budget when room is being made', () => {
    const users = new Map(Array.from({ length: 10 }, (_, i) => [`@${i}:x`, 'x'.repeat(10_000)] as const));
    const plan = planSessionWrite(ORIGIN, emptyMeta(), { ...none, users }, new Set(), 50_000);
    expect(plan.bytes).toBeLessThanOrEqual(50_000);
    expect(plan.meta.users.length).toBe(4);
  });
});

describe('planOrigins', () => {
  it('forgets the least recently updated other origins past the total, never the one just written', () => {
    const third = Math.floor(SESSION_LIMITS.totalBytes / 3);
    let index = planOrigins([], 'https://a', third).index;
    index = planOrigins(index, 'https://b', third).index;
    index = planOrigins(index, 'https://c', third).index;
    expect(index.map(([o]) => o)).toEqual(['https://a', 'https://b', 'https://c']);
    const next = planOrigins(index, 'https://d', third);
    expect(next.forget).toEqual(['https://a']);
    expect(next.index.map(([o]) => o)).toEqual(['https://b', 'https://c', 'https://d']);
    expect(planOrigins(index, 'https://b', SESSION_LIMITS.originBytes).forget).toEqual(['https://a']);
    expect(planOrigins(index, 'https://b', SESSION_LIMITS.totalBytes).forget).toEqual(['https://a', 'https://c']);
  });

  it('lists every key of an origin to forget', () => {
    const meta = planSessionWrite(ORIGIN, emptyMeta(), {
      ...none,
      users: new Map([['@a:x', '{}']]),
      rooms: new Map([['!r:x', emptyRoom()]]),
    }).meta;
    expect(keysOfOrigin(ORIGIN, meta).sort()).toEqual([metaKey(ORIGIN), roomKey(ORIGIN, '!r:x'), userKey(ORIGIN, '@a:x')].sort());
  });
});

describe('reading back', () => {
  it('reads damaged values as never seen', () => {
    expect(readMeta(JSON.stringify({ whoami: 5 }))).toEqual(emptyMeta());
    expect(readMeta('{')).toEqual(emptyMeta());
    expect(readRoom(JSON.stringify({ ...emptyRoom(), members: 'all' }))).toBeNull();
    expect(readRoom(emptyRoom())).toBeNull();
    expect(readRoom(JSON.stringify(emptyRoom()))).toEqual(emptyRoom());
    expect(readUserKeys(true)).toBeNull();
    expect(readUserKeys('{}')).toBe('{}');
    expect(readOrigins('[["https://a", -1]]')).toEqual([]);
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

describe('jsonStringBytes', () => {
  it('is never less than what the JSON text of the string costs as part of a larger text', () => {
    for (const text of ['', 'abc', '"\\', '\u0000\u001f\n', 'é字😀', '\ud800x', 'x\udc00', '\ud83d\ude00', '#alias:example.org', '@字:x']) {
      expect(jsonStringBytes(text)).toBeGreaterThanOrEqual(partBytes(JSON.stringify(text)));
    }
  });
});
