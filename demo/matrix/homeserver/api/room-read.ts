// Reading a room (spec, "Getting events for a room"): /members (with `at`,
// `membership`, `not_membership`), /joined_members, /state, /event and
// /messages. These serve the room's whole state, hidden events included: what
// the server holds, not what sync chose to tell.

import { forbidden, invalidParam, notFound } from '../errors';
import { clientEvent } from '../events';
import type { Handler, RequestContext } from '../http/context';
import { requireRoom } from '../room-ops';
import { type Room } from '../state/rooms';
import { parseToken, syncToken } from '../state/stream';
import { filterParam } from '../sync/filter';

/** The room, if the user is in it now or was at `position` (members may read what they could see). */
function readableRoom(ctx: RequestContext, position?: number): Room {
  const { userId } = ctx.auth();
  const room = requireRoom(ctx.hs, ctx.params.roomId!);
  const now = room.membershipOf(userId);
  if (now !== 'join' && (position === undefined || room.membershipOf(userId, position) !== 'join')) {
    throw forbidden(`${userId} is not in room ${room.id}`);
  }
  return room;
}

function tokenParam(ctx: RequestContext, name: string): number | undefined {
  const value = ctx.query.get(name);
  if (value === null) return undefined;
  const position = parseToken(value);
  if (position === null) throw invalidParam(`${name} is not a token of this server`);
  return position;
}

export const members: Handler = (ctx) => {
  const at = tokenParam(ctx, 'at');
  const room = readableRoom(ctx, at);
  const only = ctx.query.get('membership');
  const not = ctx.query.get('not_membership');
  const session = ctx.auth();
  const chunk = [...room.stateAt(at ?? Infinity).values()]
    .filter((e) => e.type === 'm.room.member')
    .filter((e) => (only === null || e.content.membership === only) && (not === null || e.content.membership !== not))
    .map((e) => clientEvent(e, session));
  return { body: { chunk } };
};

export const joinedMembers: Handler = (ctx) => {
  const room = readableRoom(ctx);
  const joined: Record<string, { display_name?: unknown }> = {};
  for (const [userId, membership] of room.memberships()) {
    if (membership === 'join') joined[userId] = { display_name: room.stateEvent('m.room.member', userId)!.content.displayname };
  }
  return { body: { joined } };
};

export const roomState: Handler = (ctx) => {
  const room = readableRoom(ctx);
  const session = ctx.auth();
  return { body: [...room.stateAt(Infinity).values()].map((e) => clientEvent(e, session)) };
};

export const stateEvent: Handler = (ctx) => {
  const room = readableRoom(ctx);
  const event = room.stateEvent(ctx.params.eventType!, ctx.params.stateKey ?? '');
  if (!event) throw notFound(`no ${ctx.params.eventType} state with key "${ctx.params.stateKey ?? ''}"`);
  return { body: ctx.query.get('format') === 'event' ? clientEvent(event, ctx.auth()) : event.content };
};

export const getEvent: Handler = (ctx) => {
  const room = readableRoom(ctx);
  const event = room.event(ctx.params.eventId!);
  if (!event || event.hidden) throw notFound(`no event ${ctx.params.eventId} in ${room.id}`);
  return { body: clientEvent(event, ctx.auth()) };
};

/** GET /rooms/{roomId}/messages: pages of the timeline (hidden events never), with lazy-loaded senders' members in `state`. */
export const messages: Handler = (ctx) => {
  const session = ctx.auth();
  const room = readableRoom(ctx);
  const dir = ctx.query.get('dir') ?? 'b';
  if (dir !== 'b' && dir !== 'f') throw invalidParam('dir must be b or f');
  const limit = Math.min(Math.max(Number(ctx.query.get('limit') ?? 10) || 10, 1), 1000);
  const to = tokenParam(ctx, 'to');
  const from = tokenParam(ctx, 'from') ?? (dir === 'b' ? ctx.hs.stream.current : 0);
  const timeline = room.events.filter((e) => !e.hidden);
  const page =
    dir === 'b'
      ? timeline.filter((e) => e.position <= from && (to === undefined || e.position > to)).reverse()
      : timeline.filter((e) => e.position > from && (to === undefined || e.position <= to));
  const chunk = page.slice(0, limit);
  const more = page.length > chunk.length;
  const last = chunk.at(-1);
  const end = last && more ? syncToken(dir === 'b' ? last.position - 1 : last.position) : undefined;
  const filter = filterParam(ctx.hs, session.userId, ctx.query.get('filter'));
  const senders = new Set(chunk.map((e) => e.sender));
  const state = filter.lazyLoadMembers
    ? [...senders].map((u) => room.stateEvent('m.room.member', u)).filter((e) => e !== undefined && !e.hidden)
    : [];
  return {
    body: {
      chunk: chunk.map((e) => clientEvent(e, session)),
      start: syncToken(from),
      ...(end ? { end } : {}),
      ...(state.length > 0 ? { state: state.map((e) => clientEvent(e!, session)) } : {}),
    },
  };
};
