// The admin API (docs/matrix-homeserver.md): attacks, each returning an id and
// each undoable, and test conveniences (server-made users and rooms, honest
// actions of server-made users, the request log). Under /_admin/, with no CORS
// headers: only Node (tests, scripts) and same-origin pages can call it.

import * as v from 'valibot';
import { ATTACKS } from '../attacks';
import type { ActiveAttack } from '../attacks/types';
import { badJson, invalidParam, MatrixError, notFound } from '../errors';
import type { Handler, RequestContext } from '../http/context';
import { Router } from '../http/router';
import { appendEvent, invite, join, kick, leave, requireRoom } from '../room-ops';
import { populateRoom, type PopulateOptions } from './populate';
import { addDevice, makeUser, resetIdentity, type MakeUserOptions } from './server-users';

function describe(attack: ActiveAttack) {
  return { id: attack.id, kind: attack.kind, createdAt: attack.createdAt, ...attack.summary };
}

function parse<T>(schema: v.GenericSchema<unknown, T>, body: unknown): T {
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) {
    const issues = parsed.issues.map((i) => `${i.path?.map((p) => String(p.key)).join('.') || 'body'}: ${i.message}`);
    throw new MatrixError(400, 'M_INVALID_PARAM', issues.join('; '));
  }
  return parsed.output;
}

const userId = v.pipe(v.string(), v.regex(/^@[a-z0-9._=\-/+]+:[A-Za-z0-9.\-:[\]]+$/, 'must be a user id'));
const localpartOrUserId = v.pipe(v.string(), v.regex(/^(@?[a-z0-9._=\-/+]+)(:[A-Za-z0-9.\-:[\]]+)?$/, 'must be a user id or a local part'));

const userSchema = v.object({
  user: localpartOrUserId,
  displayName: v.optional(v.string()),
  password: v.optional(v.string()),
  crossSigning: v.optional(v.boolean()),
  devices: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20))),
  dehydratedDevice: v.optional(v.boolean()),
});

const roomSchema = v.object({
  creator: userId,
  name: v.optional(v.string()),
  alias: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9._=\-/]+$/, 'must be an alias local part'))),
  encrypted: v.optional(v.boolean()),
  members: v.optional(v.array(userId)),
  invited: v.optional(v.array(userId)),
  generatedMembers: v.optional(v.pipe(v.number(), v.integer())),
  generatedPrefix: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9._-]{1,32}$/))),
  messages: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000))),
});

const membershipSchema = v.object({
  user: userId,
  membership: v.picklist(['join', 'leave', 'invite', 'kick']),
  /** Who invites or kicks (default: the room's creator). */
  by: v.optional(userId),
});

const messageSchema = v.object({ sender: userId, body: v.string() });

function fullUserId(ctx: RequestContext, given: string): string {
  if (given.startsWith('@')) return given;
  return given.includes(':') ? `@${given}` : `@${given}:${ctx.hs.serverName}`;
}

const attackKinds: Handler = (ctx) => ({
  body: {
    attacks: ctx.hs.attacks.list().map(describe),
    kinds: Object.values(ATTACKS).map((a) => ({ kind: a.kind, description: a.description })),
  },
});

const applyAttack: Handler = (ctx) => {
  const definition = ATTACKS[ctx.params.kind!];
  if (!definition) throw notFound(`no attack ${ctx.params.kind}; kinds: ${Object.keys(ATTACKS).join(', ')}`);
  const applied = definition.apply(ctx.hs, parse(definition.params, ctx.body) as never);
  return { status: 201, body: { attack: describe(ctx.hs.attacks.add(definition.kind, applied)) } };
};

const undoAttack: Handler = (ctx) => {
  const { id } = parse(v.object({ id: v.string() }), ctx.body);
  const undone = ctx.hs.attacks.undo(id);
  if (!undone) throw notFound(`no active attack ${id}`);
  return { body: { undone: describe(undone) } };
};

const undoAll: Handler = (ctx) => ({ body: { undone: ctx.hs.attacks.undoAll().map(describe) } });

const createUsers: Handler = (ctx) => {
  const body = ctx.json();
  const list = Array.isArray(body.users) ? body.users : [body];
  const made = list.map((entry: unknown) => {
    const options = parse(userSchema, entry);
    return makeUser(ctx.hs, { ...options, userId: fullUserId(ctx, options.user) } as MakeUserOptions);
  });
  return { status: 201, body: Array.isArray(body.users) ? { users: made } : made[0] };
};

const createRoomWithMembers: Handler = (ctx) => {
  const options = parse(roomSchema, ctx.body) as PopulateOptions;
  const started = Date.now();
  const room = populateRoom(ctx.hs, options);
  return {
    status: 201,
    body: {
      ...room,
      generated: room.generated.map((u) => ({ userId: u.userId, password: u.password, devices: u.devices, masterKey: u.masterKey })),
      ms: Date.now() - started,
    },
  };
};

const changeMembership: Handler = (ctx) => {
  const room = requireRoom(ctx.hs, ctx.params.roomId!);
  const { user, membership, by } = parse(membershipSchema, ctx.body);
  const actor = by ?? room.stateEvent('m.room.create')!.sender;
  const event =
    membership === 'join'
      ? join(ctx.hs, room, user)
      : membership === 'leave'
        ? leave(ctx.hs, room, user)
        : membership === 'invite'
          ? invite(ctx.hs, room, actor, user)
          : kick(ctx.hs, room, actor, user);
  return { body: { eventId: event?.event_id ?? null } };
};

const sendMessage: Handler = (ctx) => {
  const room = requireRoom(ctx.hs, ctx.params.roomId!);
  const { sender, body } = parse(messageSchema, ctx.body);
  if (room.membershipOf(sender) !== 'join') throw invalidParam(`${sender} is not in the room`);
  const event = appendEvent(ctx.hs, room, { type: 'm.room.message', sender, content: { msgtype: 'm.text', body } });
  return { body: { eventId: event.event_id } };
};

const newDevice: Handler = (ctx) => {
  const options = parse(v.object({ dehydrated: v.optional(v.boolean()), crossSigned: v.optional(v.boolean()) }), ctx.body ?? {});
  return { status: 201, body: addDevice(ctx.hs, ctx.params.userId!, options) };
};

const removeDevice: Handler = (ctx) => {
  if (!ctx.hs.deleteDevice(ctx.params.userId!, ctx.params.deviceId!)) throw notFound(`no device ${ctx.params.deviceId}`);
  return { body: {} };
};

const reset: Handler = (ctx) => ({ body: resetIdentity(ctx.hs, ctx.params.userId!) });

/**
 * Wakes a user's waiting syncs with an account-data change of a type no client
 * acts on, and returns its stream position: once a device sends a sync with
 * `since` at or past it, that device has received and processed everything
 * before it (what tests mean by "the client has heard").
 */
const NUDGE_TYPE = 'org.keywatch.test.nudge';
const nudge: Handler = (ctx) => {
  const userId = ctx.params.userId!;
  if (!ctx.hs.accounts.account(userId)) throw notFound(`unknown user ${userId}`);
  ctx.hs.accountData.set(userId, null, NUDGE_TYPE, { at: Date.now() });
  return { body: { position: ctx.hs.stream.current } };
};

const requestLog: Handler = (ctx) => {
  const since = Number(ctx.query.get('since') ?? 0);
  if (!Number.isInteger(since) || since < 0) throw badJson('since must be a request sequence number');
  return { body: { mark: ctx.hs.requests.mark, requests: ctx.hs.requests.since(since) } };
};

const overview: Handler = (ctx) => ({
  body: {
    serverName: ctx.hs.serverName,
    users: [...ctx.hs.accounts.users.values()].map((a) => ({
      userId: a.userId,
      origin: a.origin,
      devices: ctx.hs.accounts.devicesOf(a.userId).map((d) => d.deviceId),
    })),
    rooms: ctx.hs.rooms.all().map((r) => ({
      roomId: r.id,
      name: r.stateEvent('m.room.name')?.content.name ?? null,
      aliases: ctx.hs.rooms.aliasesOf(r.id),
      encrypted: r.stateEvent('m.room.encryption') !== undefined,
      joined: [...r.memberships()].filter(([, m]) => m === 'join').length,
      events: r.events.length,
    })),
  },
});

export function adminRoutes(): Router<Handler> {
  return new Router<Handler>()
    .add('GET', '/_admin/attacks', attackKinds)
    .add('POST', '/_admin/attacks/undo', undoAttack)
    .add('POST', '/_admin/attacks/undo-all', undoAll)
    .add('POST', '/_admin/attacks/:kind', applyAttack)
    .add('POST', '/_admin/users', createUsers)
    .add('POST', '/_admin/users/:userId/devices', newDevice)
    .add('DELETE', '/_admin/users/:userId/devices/:deviceId', removeDevice)
    .add('POST', '/_admin/users/:userId/reset-identity', reset)
    .add('POST', '/_admin/users/:userId/nudge', nudge)
    .add('POST', '/_admin/rooms', createRoomWithMembers)
    .add('POST', '/_admin/rooms/:roomId/membership', changeMembership)
    .add('POST', '/_admin/rooms/:roomId/messages', sendMessage)
    .add('GET', '/_admin/requests', requestLog)
    .add('GET', '/_admin/state', overview);
}
