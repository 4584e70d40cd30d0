// The rooms part of a sync response (spec, "GET /sync"; MSC4222 for
// state_after): per room the viewer is joined to, invited to, or has left
// since the last sync.
//
// The timeline never holds hidden events. State is served as the sync view of
// the room: real state events plus hidden ones delivered through the section
// the client reads (`state_after` when it asked for MSC4222, `state` when not).

import { clientEvent, strippedState, type Viewer } from '../events';
import type { Homeserver } from '../homeserver';
import type { Room, StateFilter, StoredEvent } from '../state/rooms';
import { syncToken } from '../state/stream';
import type { SyncFilter } from './filter';

export type StateMode = { kind: 'state' } | { kind: 'state_after'; field: 'state_after' | 'org.matrix.msc4222.state_after' };

export interface RoomSyncContext {
  hs: Homeserver;
  viewer: Viewer;
  since: number | null;
  /** Rooms are served whole (as in an initial sync) when true. */
  fullState: boolean;
  now: number;
  filter: SyncFilter;
  mode: StateMode;
}

const HERO_COUNT = 5;
const INVITE_STATE_TYPES = new Set([
  'm.room.create',
  'm.room.join_rules',
  'm.room.name',
  'm.room.canonical_alias',
  'm.room.encryption',
  'm.room.avatar',
]);

function syncView(mode: StateMode): StateFilter {
  return (event) => !event.hidden || event.hidden === mode.kind;
}

function timelineEvents(room: Room, after: number, upTo: number): StoredEvent[] {
  return room.events.filter((e) => !e.hidden && e.position > after && e.position <= upTo);
}

function summary(room: Room, viewer: string, position: number, include: StateFilter) {
  const members = [...room.memberships(position, include)];
  const joined = members.filter(([, m]) => m === 'join');
  const invited = members.filter(([, m]) => m === 'invite');
  const heroes = [...joined, ...invited]
    .map(([u]) => u)
    .filter((u) => u !== viewer)
    .slice(0, HERO_COUNT);
  return { 'm.heroes': heroes, 'm.joined_member_count': joined.length, 'm.invited_member_count': invited.length };
}

/**
 * With lazy-loaded members, keeps the member events of the timeline's senders,
 * of the viewer, of the heroes, and every hidden member event (the attacker wants
 * those seen); other state is kept whole.
 */
function lazyMembers(events: StoredEvent[], keepMembers: Set<string>): StoredEvent[] {
  return events.filter((e) => e.type !== 'm.room.member' || keepMembers.has(e.state_key!) || e.hidden !== undefined);
}

function stateSection(context: RoomSyncContext, events: StoredEvent[]) {
  const list = events.map((e) => clientEvent(e, context.viewer, { withRoomId: false }));
  return context.mode.kind === 'state' ? { state: { events: list } } : { [context.mode.field]: { events: list } };
}

function ephemeral(room: Room, after: number) {
  const content: Record<string, Record<string, Record<string, { ts: number }>>> = {};
  for (const [userId, receipt] of room.receipts) {
    if (receipt.position <= after) continue;
    const byType = (content[receipt.eventId] ??= {});
    (byType[receipt.type] ??= {})[userId] = { ts: receipt.ts };
  }
  return Object.keys(content).length > 0 ? [{ type: 'm.receipt', content }] : [];
}

/** The section of a room the viewer is joined to, or null when nothing in it changed since the last sync. */
export function joinedRoom(context: RoomSyncContext, room: Room): Record<string, unknown> | null {
  const { viewer, now, filter, mode } = context;
  const include = syncView(mode);
  const since =
    context.fullState || context.since === null || room.membershipOf(viewer.userId, context.since, include) !== 'join'
      ? null
      : context.since;
  const fresh = timelineEvents(room, since ?? -1, now);
  const timeline = fresh.slice(-filter.timelineLimit);
  const limited = fresh.length > timeline.length;
  const timelineStart = timeline[0]?.position ?? now + 1;
  const roomSummary = summary(room, viewer.userId, now, include);
  // Members a lazy-loading client needs: the timeline's senders, and on a first sync of the room also itself and the heroes.
  const senders = timeline.map((e) => e.sender);
  const keep = new Set(since === null ? [viewer.userId, ...senders, ...roomSummary['m.heroes']] : senders);

  let state: StoredEvent[];
  if (mode.kind === 'state_after') {
    const after = [...room.stateAt(now, include).values()];
    state = since === null ? after : after.filter((e) => e.position > since || (e.type === 'm.room.member' && keep.has(e.state_key!)));
  } else {
    const before = [...room.stateAt(timelineStart - 1, include).values()];
    state = since === null ? before : before.filter((e) => e.position > since || (e.type === 'm.room.member' && keep.has(e.state_key!)));
    // A hidden event after the timeline's start would otherwise never reach a client without MSC4222.
    state.push(
      ...room.events.filter((e) => e.hidden === 'state' && e.position >= timelineStart && e.position <= now && e.position > (since ?? -1)),
    );
  }
  if (filter.lazyLoadMembers) state = lazyMembers(state, keep);

  const receipts = ephemeral(room, since ?? -1);
  const accountData = context.hs.accountData.since(viewer.userId, room.id, since ?? -1);
  const membershipChanged = since === null || room.events.some((e) => e.type === 'm.room.member' && e.position > since && include(e));
  if (
    since !== null &&
    timeline.length === 0 &&
    state.length === 0 &&
    receipts.length === 0 &&
    accountData.length === 0 &&
    !membershipChanged
  )
    return null;

  return {
    timeline: {
      events: timeline.map((e) => clientEvent(e, viewer, { withRoomId: false })),
      limited,
      prev_batch: syncToken(timelineStart - 1),
    },
    ...stateSection(context, state),
    ...(membershipChanged ? { summary: roomSummary } : {}),
    ephemeral: { events: receipts },
    account_data: { events: accountData },
    unread_notifications: { notification_count: 0, highlight_count: 0 },
  };
}

/** The section of a room the viewer is invited to, when the invite is new since the last sync. */
export function invitedRoom(context: RoomSyncContext, room: Room): Record<string, unknown> | null {
  const invite = room.stateEvent('m.room.member', context.viewer.userId)!;
  if (context.since !== null && !context.fullState && invite.position <= context.since) return null;
  const events = [...room.stateAt(context.now, syncView(context.mode)).values()].filter(
    (e) =>
      INVITE_STATE_TYPES.has(e.type) || (e.type === 'm.room.member' && (e.state_key === invite.sender || e.state_key === invite.state_key)),
  );
  return { invite_state: { events: events.map(strippedState) } };
}

/** The section of a room the viewer left (or was removed from) since the last sync: the events up to their leave. */
export function leftRoom(context: RoomSyncContext, room: Room): Record<string, unknown> | null {
  const { since, viewer, filter } = context;
  const leave = room.stateEvent('m.room.member', viewer.userId)!;
  const wasIn = since !== null && ['join', 'invite'].includes(room.membershipOf(viewer.userId, since) ?? '');
  if (!wasIn && !(filter.includeLeave && (since === null || leave.position > since))) return null;
  if (since !== null && leave.position <= since) return null;
  const include = syncView(context.mode);
  const fresh = timelineEvents(room, since ?? -1, leave.position);
  const timeline = fresh.slice(-filter.timelineLimit);
  const state = [...room.stateAt(leave.position, include).values()].filter((e) => since === null || e.position > since);
  return {
    timeline: {
      events: timeline.map((e) => clientEvent(e, viewer, { withRoomId: false })),
      limited: fresh.length > timeline.length,
      prev_batch: syncToken((timeline[0]?.position ?? leave.position + 1) - 1),
    },
    ...stateSection(context, context.mode.kind === 'state_after' ? state : []),
    account_data: { events: [] },
  };
}
