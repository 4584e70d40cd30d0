// Fuzz: 10,000 malformed membership responses per run (/members,
// /joined_members, /sync). The parsers must never throw, must return
// well-formed members, must not modify their input, and junk must not change
// what well-formed events said.

import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareCodePoints } from './canonical-json';
import type { MembersResult } from './members';
import { MAX_DISPLAY_NAME_LENGTH, MEMBERSHIPS, parseJoinedMembersResponse, parseMembersResponse, parseSyncRoomMembers } from './members';
import { junkValue, mutatedDocument } from '../testing/json-mutations';
import { isMatrixUserId } from '../shared/user-id';

const ROOM = '!room:example.org';
const event = (userId: string, membership: string, displayname?: string) => ({
  type: 'm.room.member',
  state_key: userId,
  sender: userId,
  room_id: ROOM,
  event_id: `$${membership}${userId}`,
  content: displayname === undefined ? { membership } : { membership, displayname },
});
const goodEvents = [event('@a:x', 'join', 'Ann'), event('@b:y', 'invite'), event('@c:z', 'leave', 'Cy'), event('@a:x', 'join', 'Ann B.')];
const membersBody = { chunk: goodEvents };
const joinedBody = { joined: { '@a:x': { display_name: 'Ann', avatar_url: null }, '@b:y': {} } };
const syncBody = {
  next_batch: 's72595_4483_1934',
  rooms: {
    join: { [ROOM]: { state: { events: goodEvents.slice(0, 2) }, timeline: { events: goodEvents.slice(2), limited: false } } },
    invite: { '!other:x': { invite_state: { events: [event('@me:x', 'invite')] } } },
  },
};

let responses = 0;
afterAll(() => console.log(`fuzz: ${responses} malformed membership responses checked`));

function expectWellFormed(result: MembersResult): void {
  expect(
    Object.keys(result)
      .filter((key) => key !== 'unread')
      .sort(),
  ).toEqual(['members', 'problems']);
  // Events left unread are always said in a problem line.
  if (result.unread) expect(result.problems.length).toBeGreaterThan(0);
  expect([undefined, true]).toContain(result.unread);
  const ids = result.members.map((m) => m.userId);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort(compareCodePoints)).toEqual(ids);
  for (const member of result.members) {
    expect(Object.keys(member).sort()).toEqual(['displayName', 'membership', 'userId']);
    expect(isMatrixUserId(member.userId)).toBe(true);
    expect(MEMBERSHIPS).toContain(member.membership);
    if (member.displayName !== null) {
      expect(typeof member.displayName).toBe('string');
      expect(member.displayName.length).toBeLessThanOrEqual(MAX_DISPLAY_NAME_LENGTH);
    }
  }
  for (const problem of result.problems) {
    expect(typeof problem).toBe('string');
    expect(problem.length).toBeLessThanOrEqual(401);
    expect(problem).not.toMatch(/internal error/);
  }
}

function parseAndCheck(body: unknown, parse: (body: unknown) => MembersResult): MembersResult {
  responses++;
  const before = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  const result = parse(body);
  expectWellFormed(result);
  expect(JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).toBe(before);
  return result;
}

const parsers: Array<[string, unknown, (body: unknown) => MembersResult]> = [
  ['/members', membersBody, (b) => parseMembersResponse(b, ROOM)],
  ['/joined_members', joinedBody, parseJoinedMembersResponse],
  ['/sync', syncBody, (b) => parseSyncRoomMembers(b, ROOM)],
];

describe('fuzz: membership parsers on malformed responses', () => {
  it.each(parsers)('%s survives 2,500 damaged copies of a real response', (_name, body, parse) => {
    fc.assert(
      fc.property(mutatedDocument(body), (damaged) => void parseAndCheck(damaged, parse)),
      { numRuns: 2500 },
    );
  });

  it('all three survive 700 arbitrary values each, including non-JSON ones', () => {
    const anything = fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        for (const [, , parse] of parsers) parseAndCheck(value, parse);
      }),
      { numRuns: 700 },
    );
  });

  it('junk events placed before good ones do not change what the good ones say (400 runs)', () => {
    const baseline = parseMembersResponse(membersBody, ROOM).members;
    fc.assert(
      fc.property(fc.array(fc.oneof(junkValue, mutatedDocument(goodEvents[0])), { maxLength: 8 }), (junk) => {
        const result = parseAndCheck({ chunk: [...junk, ...goodEvents] }, (b) => parseMembersResponse(b, ROOM));
        for (const member of baseline) expect(result.members).toContainEqual(member);
      }),
      { numRuns: 400 },
    );
  });

  it('checked at least 10,000 malformed responses', () => {
    expect(responses).toBeGreaterThanOrEqual(10_000);
  });
});
