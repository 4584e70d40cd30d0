// Room actions over the client-server API: create, invite, join (by id or
// alias), leave, kick, send, state, aliases, receipts, typing.

import { badJson, forbidden, MatrixError, notFound } from '../errors';
import type { Handler, RequestContext } from '../http/context';
import { requireUserId } from '../ids';
import * as ops from '../room-ops';
import type { Room } from '../state/rooms';

function room(ctx: RequestContext): Room {
  return ops.requireRoom(ctx.hs, ctx.params.roomId!);
}

export const createRoom: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const created = ops.createRoom(ctx.hs, userId, ctx.json() as ops.CreateRoomRequest);
  return { body: { room_id: created.id } };
};

export const invite: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const target = requireUserId(ctx.json().user_id);
  if (!ctx.hs.accounts.account(target)) throw notFound(`unknown user ${target}`);
  ops.invite(ctx.hs, room(ctx), userId, target);
  return { body: {} };
};

/** POST /join/{roomIdOrAlias} and POST /rooms/{roomId}/join. */
export const join: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const target = ctx.params.roomIdOrAlias ?? ctx.params.roomId!;
  const roomId = target.startsWith('#') ? ctx.hs.rooms.resolveAlias(target) : target;
  if (!roomId) throw notFound(`no room has the alias ${target}`);
  const joined = ops.requireRoom(ctx.hs, roomId);
  ops.join(ctx.hs, joined, userId);
  return { body: { room_id: joined.id } };
};

export const leave: Handler = (ctx) => {
  const { userId } = ctx.auth();
  ops.leave(ctx.hs, room(ctx), userId);
  return { body: {} };
};

export const forget: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const membership = room(ctx).membershipOf(userId);
  if (membership === 'join' || membership === 'invite') throw new MatrixError(400, 'M_UNKNOWN', 'leave the room before forgetting it');
  return { body: {} };
};

export const kick: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const body = ctx.json();
  ops.kick(ctx.hs, room(ctx), userId, requireUserId(body.user_id), typeof body.reason === 'string' ? body.reason : undefined);
  return { body: {} };
};

export const send: Handler = (ctx) => {
  const { userId, deviceId } = ctx.auth();
  const { eventType, txnId } = ctx.params as { eventType: string; txnId: string };
  const target = room(ctx);
  const earlier = ctx.hs.rooms.transaction(userId, deviceId, txnId, target.id);
  if (earlier) return { body: { event_id: earlier } };
  const event = ops.sendEvent(ctx.hs, target, userId, { type: eventType, content: ctx.json(), transaction: { userId, deviceId, txnId } });
  ctx.hs.rooms.rememberTransaction(userId, deviceId, txnId, target.id, event.event_id);
  return { body: { event_id: event.event_id } };
};

export const putState: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const event = ops.sendEvent(ctx.hs, room(ctx), userId, {
    type: ctx.params.eventType!,
    state_key: ctx.params.stateKey ?? '',
    content: ctx.json(),
  });
  return { body: { event_id: event.event_id } };
};

export const getAlias: Handler = (ctx) => {
  const roomId = ctx.hs.rooms.resolveAlias(ctx.params.alias!);
  if (!roomId) throw notFound(`no room has the alias ${ctx.params.alias}`);
  return { body: { room_id: roomId, servers: [ctx.hs.serverName] } };
};

export const putAlias: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const alias = ctx.params.alias!;
  if (!/^#[^:]+:.+$/.test(alias) || alias.slice(alias.indexOf(':') + 1) !== ctx.hs.serverName) {
    throw new MatrixError(400, 'M_INVALID_PARAM', `aliases here end in :${ctx.hs.serverName}`);
  }
  const roomId = ctx.json().room_id;
  if (typeof roomId !== 'string') throw badJson('room_id is required');
  ops.requireJoined(ops.requireRoom(ctx.hs, roomId), userId);
  if (ctx.hs.rooms.resolveAlias(alias)) throw new MatrixError(409, 'M_UNKNOWN', `${alias} is taken`);
  ctx.hs.rooms.setAlias(alias, roomId);
  return { body: {} };
};

export const deleteAlias: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const roomId = ctx.hs.rooms.resolveAlias(ctx.params.alias!);
  if (!roomId) throw notFound(`no room has the alias ${ctx.params.alias}`);
  ops.requireJoined(ops.requireRoom(ctx.hs, roomId), userId);
  ctx.hs.rooms.deleteAlias(ctx.params.alias!);
  return { body: {} };
};

export const roomAliases: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const target = room(ctx);
  ops.requireJoined(target, userId);
  return { body: { aliases: ctx.hs.rooms.aliasesOf(target.id) } };
};

export const getVisibility: Handler = (ctx) => ({ body: { visibility: room(ctx).published ? 'public' : 'private' } });

export const setVisibility: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const target = room(ctx);
  ops.requireJoined(target, userId);
  target.published = ctx.json().visibility === 'public';
  return { body: {} };
};

export const publicRooms: Handler = (ctx) => {
  const chunk = ctx.hs.rooms
    .all()
    .filter((r) => r.published)
    .map((r) => ({
      room_id: r.id,
      name: r.stateEvent('m.room.name')?.content.name,
      canonical_alias: r.stateEvent('m.room.canonical_alias')?.content.alias,
      num_joined_members: [...r.memberships().values()].filter((m) => m === 'join').length,
      world_readable: false,
      guest_can_join: false,
      join_rule: r.stateEvent('m.room.join_rules')?.content.join_rule,
    }));
  return { body: { chunk, total_room_count_estimate: chunk.length } };
};

/** Read receipts (spec, "Receipts"): the newest per user and type, sent to members in sync's ephemeral events. */
export const receipt: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const target = room(ctx);
  ops.requireJoined(target, userId);
  const { receiptType, eventId } = ctx.params as { receiptType: string; eventId: string };
  if (!['m.read', 'm.read.private', 'm.fully_read'].includes(receiptType))
    throw new MatrixError(400, 'M_INVALID_PARAM', `unknown receipt type ${receiptType}`);
  if (!target.event(eventId)) throw notFound(`no event ${eventId} in ${target.id}`);
  if (receiptType === 'm.read')
    target.receipts.set(userId, { eventId, type: receiptType, ts: Date.now(), position: ctx.hs.stream.advance() });
  return { body: {} };
};

export const readMarkers: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const target = room(ctx);
  ops.requireJoined(target, userId);
  const read = ctx.json()['m.read'];
  if (typeof read === 'string' && target.event(read)) {
    target.receipts.set(userId, { eventId: read, type: 'm.read', ts: Date.now(), position: ctx.hs.stream.advance() });
  }
  return { body: {} };
};

export const typing: Handler = (ctx) => {
  const { userId } = ctx.auth();
  if (ctx.params.userId !== userId) throw forbidden('you may only set your own typing state');
  return { body: {} };
};
