import { describe, expect, it } from 'vitest';
import { classifyUrl, isRoomAlias, isRoomId, openRoomFromHash } from './observation';
import { OBSERVED_PATH } from './observed-paths';
import { paths } from '../testing/client-responses';

const ROOM = '!abc123:example.org';

describe('classifyUrl', () => {
  it('names each response KeyWatch reads', () => {
    expect(classifyUrl(paths.keysQuery)).toEqual({ kind: 'keys-query', roomId: null, complete: false });
    expect(classifyUrl(paths.sync('s72594_4483_1934'))).toEqual({ kind: 'sync', roomId: null, complete: false });
    expect(classifyUrl('/_matrix/client/r0/sync')).toEqual({ kind: 'sync', roomId: null, complete: false });
    expect(classifyUrl(paths.whoami)).toEqual({ kind: 'whoami', roomId: null, complete: false });
    expect(classifyUrl(paths.joinedMembers(ROOM))).toEqual({ kind: 'joined-members', roomId: ROOM, complete: true });
  });

  it('takes a member listing as complete unless a filter hides joined or invited members', () => {
    expect(classifyUrl(paths.members(ROOM, ''))!.complete).toBe(true);
    expect(classifyUrl(paths.members(ROOM, '?at=s1&not_membership=leave'))!.complete).toBe(true);
    expect(classifyUrl(paths.members(ROOM, '?not_membership=ban'))!.complete).toBe(true);
    expect(classifyUrl(paths.members(ROOM, '?membership=join'))!.complete).toBe(false);
    expect(classifyUrl(paths.members(ROOM, '?not_membership=invite'))!.complete).toBe(false);
  });

  it('tells a member listing as of an earlier sync token (at=) from a current one', () => {
    expect(classifyUrl(paths.members(ROOM, '?at=s1&not_membership=leave'))!.asOfEarlierSync).toBe(true);
    expect(classifyUrl(paths.members(ROOM, '?not_membership=leave'))!.asOfEarlierSync).toBeUndefined();
    expect(classifyUrl(paths.joinedMembers(ROOM))!.asOfEarlierSync).toBeUndefined();
  });

  it('decodes the room id and refuses what is not one', () => {
    expect(classifyUrl(`/_matrix/client/v3/rooms/${encodeURIComponent('!31hneApxJ_1o-63DmFrpeq')}/members`)!.roomId).toBe(
      '!31hneApxJ_1o-63DmFrpeq',
    );
    expect(classifyUrl('/_matrix/client/v3/rooms/%E0%A4%A/members')).toBeNull(); // malformed escape
    expect(classifyUrl('/_matrix/client/v3/rooms/%23alias%3Aserver/members')).toBeNull(); // an alias, not a room id
    expect(classifyUrl('/_matrix/client/v3/rooms/%21a%20b/members')).toBeNull();
  });

  it('ignores every other path, and the page script matches the same ones', () => {
    const others = [
      '/_matrix/client/v3/keys/upload',
      '/_matrix/client/v3/rooms/!a:b/messages',
      '/_matrix/client/v3/sync/extra',
      '/_matrix/client/unstable/org.matrix.msc3575/sync',
      '/_matrix/client/v4/keys/query',
      '/other/_matrix/client/v3/keys/query',
    ];
    for (const path of others) {
      expect(classifyUrl(path), path).toBeNull();
      expect(OBSERVED_PATH.test(path), path).toBe(false);
    }
    for (const path of [
      paths.keysQuery,
      paths.whoami,
      '/_matrix/client/v3/sync',
      `/_matrix/client/v3/rooms/${encodeURIComponent(ROOM)}/members`,
    ]) {
      expect(OBSERVED_PATH.test(path), path).toBe(true);
    }
  });
});

describe('openRoomFromHash', () => {
  it("reads Element's room addresses", () => {
    expect(openRoomFromHash(`#/room/${ROOM}`)).toBe(ROOM);
    expect(openRoomFromHash(`#/room/${ROOM}/$event:example.org`)).toBe(ROOM);
    expect(openRoomFromHash(`#/room/${encodeURIComponent(ROOM)}?via=example.org`)).toBe(ROOM);
    expect(openRoomFromHash('#/room/#lounge:example.org')).toBe('#lounge:example.org');
  });

  it('gives null when no room is open or the address is not a room', () => {
    for (const hash of ['', '#/home', '#/user/@a:b', '#/room/', '#/room/lounge', '#/room/%E0%A4%A', `#/room/!${'x'.repeat(300)}`]) {
      expect(openRoomFromHash(hash), hash).toBeNull();
    }
  });
});

describe('room references', () => {
  it('accepts room ids with and without a server part, refuses blanks and controls', () => {
    expect(isRoomId('!a:b')).toBe(true);
    expect(isRoomId('!31hneApxJ_1o')).toBe(true);
    for (const bad of ['!', 'a:b', '!a b', '!a\u0000', '!a\u007f', 42, null]) expect(isRoomId(bad), String(bad)).toBe(false);
    expect(isRoomAlias('#a:b')).toBe(true);
    for (const bad of ['#a', '#:b', '#a b:c', '!a:b']) expect(isRoomAlias(bad), bad).toBe(false);
  });
});
