// The content script's border with the page. The page script hands over
// `{ url, body }` as JSON text; everything in it is the page's word. Here it is
// bounded, parsed, checked for shape, and trimmed to the members KeyWatch reads
// (keys, member events, room names), so that a multi-megabyte /sync costs the
// background a few kilobytes. The background checks everything again.

import * as v from 'valibot';
import { isPlainObject } from '../shared/json';
import { clientRefusal } from '../shared/client-refusal';
import { KeysQueryResponseSchema } from '../shared/keys-query-schema';
import { MAX_MEMBER_EVENTS } from '../shared/limits';
import { classifyUrl, isRoomId, MAX_FORWARDED_CHARS, type ClassifiedUrl, type MatrixObservation } from '../shared/observation';
import { MAX_OBSERVED_CHARS } from '../shared/observed-paths';
import { MAX_SYNC_ROOMS, MORE_UNREAD_ROOMS, SYNC_SECTIONS, UNREAD_ROOMS } from '../shared/sync-sections';
import { keyMapsWithoutUnsigned } from '../shared/unsigned';

export type Observed = Pick<MatrixObservation, 'kind' | 'roomId' | 'complete' | 'asOfEarlierSync' | 'body'>;

export type PageEventResult =
  | { status: 'observed'; observed: Observed }
  /** A response KeyWatch has nothing to read in (most /sync responses). */
  | { status: 'ignored' }
  /** `lost`: a real response went unread (too large), as opposed to junk. */
  | { status: 'refused'; reason: string; lost: boolean };

/** JSON escaping can double a long text; anything beyond is not from the page script. */
const MAX_DETAIL_CHARS = 2 * MAX_OBSERVED_CHARS + 4096;
/** Rooms of one /sync section read; events scanned per list. */

const MAX_EVENTS_SCANNED = 50_000;
/** Servers named in one response's `failures`, and the length of a server name. */
export const MAX_FAILED_SERVERS = 100;
const MAX_SERVER_NAME_LENGTH = 255;

const EnvelopeSchema = v.object({
  url: v.pipe(v.string(), v.maxLength(4096, 'url longer than 4096 characters')),
  body: v.nullable(v.string()),
});

const KEPT_EVENT_TYPES = new Set(['m.room.member', 'm.room.name', 'm.room.canonical_alias']);
const KEPT_CONTENT = ['membership', 'displayname', 'name', 'alias'] as const;
const SUMMARY_COUNTS = ['m.joined_member_count', 'm.invited_member_count'] as const;

type Json = Record<string, unknown>;
const refused = (reason: string, lost = false): PageEventResult => ({ status: 'refused', reason, lost });

/** Reads one event detail from the page script. Never throws. */
export function readPageEvent(detail: unknown): PageEventResult {
  try {
    if (typeof detail !== 'string') return refused('the event detail is not text');
    if (detail.length > MAX_DETAIL_CHARS) return refused('the event detail is too long');
    const envelope = v.safeParse(EnvelopeSchema, parseJson(detail));
    if (!envelope.success) return refused('the event detail is not { url, body }');
    const target = classifyUrl(envelope.output.url);
    if (!target) return refused('not an API response KeyWatch reads');
    const text = envelope.output.body;
    if (text === null) return refused(`a ${target.kind} response too large to read`, true);
    const body = parseJson(text);
    if (body === undefined) return refused(`the ${target.kind} response is not JSON`);
    // Checked on the text as received: the copy forwarded is a parse of it, one copy of each field.
    const refusal = target.kind === 'keys-query' ? clientRefusal(text, body) : null;
    if (refusal !== null) return refused(`the keys-query response is not applied, as the client refuses it: ${refusal}`);
    const trimmed = TRIMMERS[target.kind](body);
    if (typeof trimmed === 'string') return refused(`the ${target.kind} response is malformed: ${trimmed}`);
    if (trimmed === null) return { status: 'ignored' };
    const forwarded = JSON.stringify(trimmed);
    if (forwarded.length > MAX_FORWARDED_CHARS) return refused(`a ${target.kind} response too large to forward`, true);
    const observed: Observed = { kind: target.kind, roomId: target.roomId, complete: target.complete, body: forwarded };
    if (target.asOfEarlierSync) observed.asOfEarlierSync = true;
    return { status: 'observed', observed };
  } catch (error) {
    return refused(`unreadable (${error instanceof Error ? error.name : typeof error})`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Each returns what to forward, null when there is nothing to read, or why the shape is wrong. */
const TRIMMERS: Record<ClassifiedUrl['kind'], (body: unknown) => Json | null | string> = {
  'keys-query': (body) => {
    const parsed = v.safeParse(KeysQueryResponseSchema, body);
    if (!parsed.success) return parsed.issues[0]?.message ?? 'malformed';
    // Signed objects are forwarded whole (a signature covers every member of them) but for `unsigned`, which none covers.
    const { device_keys, master_keys, self_signing_keys } = parsed.output;
    const failures = failedServers(own(body as Json, 'failures'));
    return { ...keyMapsWithoutUnsigned({ device_keys, master_keys, self_signing_keys }), ...(failures ? { failures } : {}) };
  },
  members: (body) => {
    const chunk = isPlainObject(body) ? own(body, 'chunk') : undefined;
    if (!Array.isArray(chunk)) return 'chunk: expected a list';
    return { chunk: keptEvents(chunk) };
  },
  'joined-members': (body) => {
    const joined = isPlainObject(body) ? own(body, 'joined') : undefined;
    if (!isPlainObject(joined)) return 'joined: expected a JSON object';
    // fromEntries defines own members, so a user named "__proto__" stays data.
    const entries = Object.keys(joined)
      .slice(0, MAX_MEMBER_EVENTS + 1)
      .map((userId) => {
        const profile = joined[userId];
        return [userId, isPlainObject(profile) ? { display_name: own(profile, 'display_name') } : profile] as const;
      });
    return { joined: Object.fromEntries(entries) };
  },
  sync: (body) => {
    const rooms = isPlainObject(body) ? own(body, 'rooms') : undefined;
    if (rooms === undefined) return null;
    if (!isPlainObject(rooms)) return 'rooms: expected a JSON object';
    const out: Json = {};
    // Rooms past the bound are not read: their ids are forwarded, so that the open room's tab can say so.
    const unread: string[] = [];
    for (const [section, parts] of SYNC_SECTIONS) {
      const byRoom = own(rooms, section);
      if (!isPlainObject(byRoom)) continue;
      const ids = Object.keys(byRoom).filter(isRoomId);
      unread.push(...ids.slice(MAX_SYNC_ROOMS));
      const kept = ids
        .slice(0, MAX_SYNC_ROOMS)
        .map((roomId) => [roomId, syncRoom(byRoom[roomId], parts, section === 'join')] as const)
        .filter((entry): entry is readonly [string, Json] => entry[1] !== null);
      if (kept.length > 0) out[section] = Object.fromEntries(kept);
    }
    const unreadPart =
      unread.length === 0
        ? {}
        : { [UNREAD_ROOMS]: unread.slice(0, MAX_SYNC_ROOMS), ...(unread.length > MAX_SYNC_ROOMS ? { [MORE_UNREAD_ROOMS]: true } : {}) };
    return Object.keys(out).length > 0 || unread.length > 0 ? { rooms: out, ...unreadPart } : null;
  },
  whoami: (body) => {
    const userId = isPlainObject(body) ? own(body, 'user_id') : undefined;
    return typeof userId === 'string' && userId.length <= 255 ? { user_id: userId } : 'user_id: expected a user id';
  },
};

/**
 * The servers a /keys/query response says it could not reach (`failures`), by
 * name only: the keys of their users did not come, and KeyWatch says so
 * instead of waiting for them.
 */
function failedServers(failures: unknown): Json | null {
  if (!isPlainObject(failures)) return null;
  const names = Object.keys(failures)
    .filter((name) => name.length > 0 && name.length <= MAX_SERVER_NAME_LENGTH)
    .slice(0, MAX_FAILED_SERVERS);
  return names.length > 0 ? Object.fromEntries(names.map((name) => [name, {}])) : null;
}

/** The member, name and alias events of one room of /sync, and its member counts. */
function syncRoom(room: unknown, parts: readonly string[], withSummary: boolean): Json | null {
  if (!isPlainObject(room)) return null;
  const out: Json = {};
  for (const part of parts) {
    const section = own(room, part);
    const events = isPlainObject(section) ? own(section, 'events') : undefined;
    if (!Array.isArray(events)) continue;
    const kept = keptEvents(events);
    if (kept.length > 0) out[part] = { events: kept };
  }
  const summary = withSummary ? own(room, 'summary') : undefined;
  if (isPlainObject(summary)) {
    const counts = SUMMARY_COUNTS.filter((name) => typeof own(summary, name) === 'number');
    if (counts.length > 0) out.summary = Object.fromEntries(counts.map((name) => [name, own(summary, name)]));
  }
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * The events KeyWatch reads, with only the members it reads. One more than the
 * parser's bound is kept, so an oversized list is still reported as one.
 */
function keptEvents(events: unknown[]): Json[] {
  const kept: Json[] = [];
  const scanned = Math.min(events.length, MAX_EVENTS_SCANNED);
  for (let i = 0; i < scanned && kept.length <= MAX_MEMBER_EVENTS; i++) {
    const event = events[i];
    if (!isPlainObject(event)) continue;
    const type = own(event, 'type');
    if (typeof type !== 'string' || !KEPT_EVENT_TYPES.has(type)) continue;
    const content = own(event, 'content');
    kept.push({
      type,
      state_key: own(event, 'state_key'),
      room_id: own(event, 'room_id'),
      content: isPlainObject(content) ? Object.fromEntries(KEPT_CONTENT.map((name) => [name, own(content, name)])) : content,
    });
  }
  return kept;
}

function own(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
