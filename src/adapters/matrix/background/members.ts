// Room membership from the Matrix client-server responses a web client already
// receives: GET /rooms/{id}/members, GET /rooms/{id}/joined_members, and the
// room sections of /sync. Each parser returns the members it could read and one
// problem line per fault; none throws. Display names are untrusted text.

import * as v from 'valibot';
import { isPlainObject } from '../shared/json';
import { MAX_MEMBER_EVENTS } from '../shared/limits';
import { compareCodePoints } from './canonical-json';
import { isMatrixUserId } from '../shared/user-id';
import { describeIssues, ownMember } from '../shared/keys-query-schema';
import { problemLine, quote } from './problems';
import { SYNC_SECTIONS } from '../shared/sync-sections';

export const MEMBERSHIPS = ['join', 'invite', 'leave', 'ban', 'knock'] as const;
export type Membership = (typeof MEMBERSHIPS)[number];

export interface RoomMember {
  userId: string;
  /** As the member set it; null when none. Untrusted: render escaped. */
  displayName: string | null;
  membership: Membership;
  /** Learnt from /sync: newer than a listing as of an earlier sync token. */
  fromSync?: true;
}

export interface MembersResult {
  /** One entry per user (the latest event wins), sorted by user id. */
  members: RoomMember[];
  problems: string[];
  /** Membership events were left unread (a part malformed, an event refused): someone's membership may be missing. */
  unread?: true;
}

/** Synapse refuses display names over 256 characters; longer ones are cut with a problem. */
export const MAX_DISPLAY_NAME_LENGTH = 256;

const MemberEventSchema = v.object({
  type: v.literal('m.room.member'),
  state_key: v.pipe(v.string(), v.maxLength(255, 'longer than 255 characters')),
  room_id: v.optional(v.string()),
  content: v.looseObject({
    membership: v.picklist(MEMBERSHIPS, 'unknown membership'),
    displayname: v.optional(v.nullable(v.unknown())),
  }),
});

const EventListSchema = v.pipe(v.array(v.unknown()), v.maxLength(MAX_MEMBER_EVENTS, `more than ${MAX_MEMBER_EVENTS} events`));

/** GET /_matrix/client/v3/rooms/{roomId}/members: { chunk: [m.room.member events] }. */
export function parseMembersResponse(body: unknown, roomId?: string): MembersResult {
  return guarded('/members', () => {
    const collector = new MemberCollector();
    const chunk = v.safeParse(v.object({ chunk: EventListSchema }), body);
    if (!chunk.success) return collector.fail(`/members response malformed (${describeIssues(chunk.issues)})`);
    collector.readEvents(chunk.output.chunk, 'chunk', roomId);
    return collector.result();
  });
}

/** GET /_matrix/client/v3/rooms/{roomId}/joined_members: { joined: { <user id>: { display_name } } }. */
export function parseJoinedMembersResponse(body: unknown): MembersResult {
  return guarded('/joined_members', () => {
    const collector = new MemberCollector();
    const joined = isPlainObject(body) ? ownMember(body, 'joined') : undefined;
    if (!isPlainObject(joined)) return collector.fail('/joined_members response malformed (joined: expected a JSON object)');
    const userIds = Object.keys(joined);
    if (userIds.length > MAX_MEMBER_EVENTS) return collector.fail(`/joined_members lists more than ${MAX_MEMBER_EVENTS} members`);
    for (const userId of userIds) {
      const profile = joined[userId];
      const name = isPlainObject(profile) ? ownMember(profile, 'display_name') : undefined;
      if (!isPlainObject(profile)) collector.problem(`joined member ${quote(userId)}`, 'profile is not a JSON object');
      collector.add(userId, name, 'join', `joined member ${quote(userId)}`);
    }
    return collector.result();
  });
}

/**
 * The members of `roomId` that a /sync response reports: state, timeline and
 * MSC4222 state_after events of rooms.join / rooms.leave (in that order, the
 * last one per user winning), and the stripped state of rooms.invite and
 * rooms.knock. A sync response is a delta (and lazy-loaded): it lists changes,
 * not the whole room.
 */
export function parseSyncRoomMembers(body: unknown, roomId: string): MembersResult {
  return guarded('/sync', () => {
    const collector = new MemberCollector();
    const rooms = isPlainObject(body) ? ownMember(body, 'rooms') : undefined;
    if (rooms === undefined) return collector.result();
    if (!isPlainObject(rooms)) return collector.fail('/sync rooms: expected a JSON object');
    let found = 0;
    for (const [section, parts] of SYNC_SECTIONS) {
      const byRoom = ownMember(rooms, section);
      if (byRoom === undefined) continue;
      if (!isPlainObject(byRoom)) {
        collector.lost(`/sync rooms.${section}`, 'expected a JSON object');
        continue;
      }
      const room = ownMember(byRoom, roomId);
      if (room === undefined) continue;
      found++;
      if (!isPlainObject(room)) {
        collector.lost(`/sync rooms.${section} ${quote(roomId)}`, 'expected a JSON object');
        continue;
      }
      for (const part of parts) readSyncPart(collector, ownMember(room, part), `rooms.${section}.${part}`);
    }
    if (found > 1) collector.problem(`/sync ${quote(roomId)}`, `the room appears in ${found} sections at once`);
    return collector.result();
  });
}

function readSyncPart(collector: MemberCollector, part: unknown, where: string): void {
  if (part === undefined) return;
  const events = isPlainObject(part) ? ownMember(part, 'events') : undefined;
  if (events === undefined) return;
  const list = v.safeParse(EventListSchema, events);
  if (!list.success) {
    collector.lost(`/sync ${where}`, `malformed (${describeIssues(list.issues)})`);
    return;
  }
  collector.readEvents(list.output, where);
}

/** Gathers members, the latest event per user winning, with one problem per fault. */
class MemberCollector {
  private readonly members = new Map<string, RoomMember>();
  private readonly problems: string[] = [];
  private unread = false;

  problem(subject: string, fault: string): void {
    this.problems.push(problemLine(subject, fault));
  }

  /** A problem that left membership events unread. */
  lost(subject: string, fault: string): void {
    this.unread = true;
    this.problem(subject, fault);
  }

  fail(fault: string): MembersResult {
    this.unread = true;
    this.problems.push(problemLine('membership', fault));
    return this.result();
  }

  readEvents(events: unknown[], where: string, roomId?: string): void {
    events.forEach((event, index) => {
      const subject = `${where}[${index}]`;
      if (!isPlainObject(event) || ownMember(event, 'type') !== 'm.room.member') return; // other events are not ours to judge
      const parsed = v.safeParse(MemberEventSchema, event);
      if (!parsed.success) return this.lost(subject, `member event malformed (${describeIssues(parsed.issues)})`);
      const { state_key: userId, room_id: eventRoom, content } = parsed.output;
      if (roomId !== undefined && eventRoom !== undefined && eventRoom !== roomId) {
        return this.lost(subject, `member event for ${quote(eventRoom)} served for ${quote(roomId)}`);
      }
      this.add(userId, content.displayname, content.membership, subject);
    });
  }

  add(userId: string, displayName: unknown, membership: Membership, subject: string): void {
    if (!isMatrixUserId(userId)) return this.lost(subject, `${quote(userId)} is not a Matrix user id`);
    this.members.set(userId, { userId, displayName: this.displayName(displayName, subject), membership });
  }

  private displayName(value: unknown, subject: string): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      this.problem(subject, 'display name is not a string');
      return null;
    }
    if (value.length <= MAX_DISPLAY_NAME_LENGTH) return value;
    this.problem(subject, `display name longer than ${MAX_DISPLAY_NAME_LENGTH} characters, shortened`);
    const cut = value.slice(0, MAX_DISPLAY_NAME_LENGTH);
    return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut; // never split a surrogate pair
  }

  result(): MembersResult {
    const members = [...this.members.values()].sort((a, b) => compareCodePoints(a.userId, b.userId));
    return { members, problems: this.problems, ...(this.unread ? { unread: true as const } : {}) };
  }
}

/** Keeps the never-throws promise even against a bug, and says so in a problem line. */
function guarded(what: string, parse: () => MembersResult): MembersResult {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? error.message : typeof error;
    return { members: [], problems: [problemLine(what, `internal error while reading: ${message.slice(0, 200)}`)], unread: true };
  }
}
