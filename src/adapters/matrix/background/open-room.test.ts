import { describe, expect, it } from 'vitest';
import { rememberedRoomOf, resolveOpenRoom, type AddressFacts } from './open-room';

const TEAM = '!team:example.org';
const OTHER = '!other:example.org';
const facts = (extra: Partial<AddressFacts>): AddressFacts => ({
  openRoom: '#team:example.org',
  lastRoomId: null,
  aliases: [],
  aliasOfRoom: () => null,
  ...extra,
});

describe('the room the address shows', () => {
  it('takes a room id as it is, and resolves an alias with what was learnt, the most trusted first', () => {
    expect(resolveOpenRoom(facts({ openRoom: TEAM }))).toBe(TEAM);
    expect(resolveOpenRoom(facts({ openRoom: null }))).toBeNull();
    const learnt = new Map([['#team:example.org', TEAM]]);
    const stale = new Map([['#team:example.org', OTHER]]);
    expect(resolveOpenRoom(facts({ aliases: [new Map(), learnt, stale] }))).toBe(TEAM);
  });

  it('after a restart, when no alias is known, uses the client’s record of the room it shows (mx_last_room_id)', () => {
    expect(resolveOpenRoom(facts({ lastRoomId: TEAM }))).toBe(TEAM);
    expect(resolveOpenRoom(facts({ lastRoomId: TEAM, aliasOfRoom: () => '#team:example.org' }))).toBe(TEAM);
  });

  it('but not when that room is known by another alias: the address is ahead of the record after a switch', () => {
    expect(resolveOpenRoom(facts({ lastRoomId: OTHER, aliasOfRoom: (id) => (id === OTHER ? '#other:example.org' : null) }))).toBeNull();
    expect(resolveOpenRoom(facts({ lastRoomId: 'not a room' }))).toBeNull();
  });
});

describe('the room shown from memory while the client starts up', () => {
  it('is the room the address resolves to, else the last room the client showed when the address names none', () => {
    expect(rememberedRoomOf(TEAM, TEAM, OTHER)).toBe(TEAM);
    expect(rememberedRoomOf(null, null, OTHER)).toBe(OTHER);
    expect(rememberedRoomOf(null, null, null)).toBeNull();
    expect(rememberedRoomOf(null, null, 'not a room')).toBeNull();
  });

  it('is nothing when the address names a room KeyWatch cannot resolve: the client may be showing another one', () => {
    expect(rememberedRoomOf(null, '#unknown:example.org', OTHER)).toBeNull();
  });
});
