// What users do to rooms: create, invite, join, leave, kick, send. Each checks
// what the spec's authorization rules would (membership, join rules, power
// levels) in their simplest form, and appends the event at the next position.

import { badJson, forbidden, invalidParam, MatrixError, notFound } from './errors';
import type { Homeserver } from './homeserver';
import { newRoomId, parseUserId } from './ids';
import { Room, type HiddenDelivery, type Membership, type StoredEvent } from './state/rooms';

export const DEFAULT_ROOM_VERSION = '10';
const KNOWN_ROOM_VERSIONS = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);

export interface StateEventInput {
  type: string;
  state_key?: string;
  content: Record<string, unknown>;
}

export interface CreateRoomRequest {
  visibility?: 'public' | 'private';
  room_alias_name?: string;
  name?: string;
  topic?: string;
  invite?: string[];
  preset?: 'private_chat' | 'public_chat' | 'trusted_private_chat';
  is_direct?: boolean;
  initial_state?: StateEventInput[];
  power_level_content_override?: Record<string, unknown>;
  creation_content?: Record<string, unknown>;
  room_version?: string;
}

type Transaction = StoredEvent['transaction'];

export function appendEvent(
  hs: Homeserver,
  room: Room,
  event: {
    type: string;
    sender: string;
    content: Record<string, unknown>;
    state_key?: string;
    transaction?: Transaction;
    hidden?: HiddenDelivery;
  },
): StoredEvent {
  const stored = room.append({ ...event, position: hs.stream.advance() });
  if (event.type === 'm.room.member' && event.state_key !== undefined) hs.rooms.noteMember(event.state_key, room.id);
  return stored;
}

function displayName(hs: Homeserver, userId: string): string | undefined {
  return hs.accounts.account(userId)?.displayName;
}

function memberContent(hs: Homeserver, userId: string, membership: Membership, extra: Record<string, unknown> = {}) {
  const name = displayName(hs, userId);
  return { membership, ...(name && membership !== 'leave' ? { displayname: name } : {}), ...extra };
}

function defaultPowerLevels(creator: string, preset: string, invited: string[]): Record<string, unknown> {
  const users: Record<string, number> = { [creator]: 100 };
  if (preset === 'trusted_private_chat') for (const u of invited) users[u] = 100;
  return {
    users,
    users_default: 0,
    events: {
      'm.room.name': 50,
      'm.room.power_levels': 100,
      'm.room.history_visibility': 100,
      'm.room.canonical_alias': 50,
      'm.room.avatar': 50,
      'm.room.tombstone': 100,
      'm.room.server_acl': 100,
      'm.room.encryption': 100,
    },
    events_default: 0,
    state_default: 50,
    ban: 50,
    kick: 50,
    redact: 50,
    invite: 0,
  };
}

export function createRoom(hs: Homeserver, creator: string, request: CreateRoomRequest): Room {
  const version = request.room_version ?? DEFAULT_ROOM_VERSION;
  if (!KNOWN_ROOM_VERSIONS.has(version))
    throw new MatrixError(400, 'M_UNSUPPORTED_ROOM_VERSION', `room version ${version} is not supported`);
  const invited = request.invite ?? [];
  for (const userId of invited) if (!parseUserId(userId)) throw invalidParam(`invite: ${userId} is not a user id`);
  if (request.room_alias_name !== undefined && !/^[^\s:#]{1,255}$/.test(request.room_alias_name)) {
    throw new MatrixError(400, 'M_INVALID_PARAM', 'room_alias_name must be the local part of an alias (no spaces, no : or #)');
  }
  const alias = request.room_alias_name ? `#${request.room_alias_name}:${hs.serverName}` : null;
  if (alias && hs.rooms.resolveAlias(alias)) throw new MatrixError(400, 'M_ROOM_IN_USE', `${alias} is taken`);
  const preset = request.preset ?? (request.visibility === 'public' ? 'public_chat' : 'private_chat');
  const room = hs.rooms.add(new Room(newRoomId(hs.serverName), version));
  room.published = request.visibility === 'public';
  const state = (type: string, content: Record<string, unknown>, key = '') =>
    appendEvent(hs, room, { type, sender: creator, state_key: key, content });

  state('m.room.create', { ...request.creation_content, room_version: version, ...(Number(version) < 11 ? { creator } : {}) });
  state('m.room.member', memberContent(hs, creator, 'join'), creator);
  state('m.room.power_levels', { ...defaultPowerLevels(creator, preset, invited), ...request.power_level_content_override });
  if (alias) {
    hs.rooms.setAlias(alias, room.id);
    state('m.room.canonical_alias', { alias });
  }
  state('m.room.join_rules', { join_rule: preset === 'public_chat' ? 'public' : 'invite' });
  state('m.room.history_visibility', { history_visibility: 'shared' });
  if (preset !== 'public_chat') state('m.room.guest_access', { guest_access: 'can_join' });
  for (const event of request.initial_state ?? []) {
    if (typeof event?.type !== 'string' || typeof event.content !== 'object') throw badJson('initial_state entries need type and content');
    state(event.type, event.content, event.state_key ?? '');
  }
  if (request.name) state('m.room.name', { name: request.name });
  if (request.topic) state('m.room.topic', { topic: request.topic });
  for (const userId of invited) invite(hs, room, creator, userId, request.is_direct ? { is_direct: true } : {});
  return room;
}

export function requireRoom(hs: Homeserver, roomId: string): Room {
  const room = hs.rooms.get(roomId);
  if (!room) throw notFound(`unknown room ${roomId}`);
  return room;
}

export function requireJoined(room: Room, userId: string): void {
  if (room.membershipOf(userId) !== 'join') throw forbidden(`${userId} is not in room ${room.id}`);
}

export function invite(hs: Homeserver, room: Room, sender: string, target: string, extra: Record<string, unknown> = {}): StoredEvent {
  requireJoined(room, sender);
  if (room.powerLevel(sender) < room.requiredLevel({ kind: 'action', name: 'invite' })) throw forbidden(`${sender} may not invite here`);
  const current = room.membershipOf(target);
  if (current === 'join') throw forbidden(`${target} is already in the room`);
  if (current === 'ban') throw forbidden(`${target} is banned from the room`);
  return appendEvent(hs, room, { type: 'm.room.member', sender, state_key: target, content: memberContent(hs, target, 'invite', extra) });
}

export function join(hs: Homeserver, room: Room, userId: string): StoredEvent | null {
  const current = room.membershipOf(userId);
  if (current === 'join') return null; // already joined: nothing to send
  const rule = room.stateEvent('m.room.join_rules')?.content.join_rule;
  if (current === 'ban') throw forbidden(`${userId} is banned from ${room.id}`);
  if (rule !== 'public' && current !== 'invite') throw forbidden(`${userId} is not invited to ${room.id}`);
  return appendEvent(hs, room, { type: 'm.room.member', sender: userId, state_key: userId, content: memberContent(hs, userId, 'join') });
}

export function leave(hs: Homeserver, room: Room, userId: string): StoredEvent {
  const current = room.membershipOf(userId);
  if (current !== 'join' && current !== 'invite' && current !== 'knock') throw forbidden(`${userId} is not in ${room.id}`);
  return appendEvent(hs, room, { type: 'm.room.member', sender: userId, state_key: userId, content: { membership: 'leave' } });
}

export function kick(hs: Homeserver, room: Room, sender: string, target: string, reason?: string): StoredEvent {
  requireJoined(room, sender);
  const current = room.membershipOf(target);
  if (current !== 'join' && current !== 'invite') throw forbidden(`${target} is not in ${room.id}`);
  if (
    room.powerLevel(sender) < room.requiredLevel({ kind: 'action', name: 'kick' }) ||
    room.powerLevel(target) >= room.powerLevel(sender)
  ) {
    throw forbidden(`${sender} may not remove ${target}`);
  }
  const content = { membership: 'leave', ...(reason ? { reason } : {}) };
  return appendEvent(hs, room, { type: 'm.room.member', sender, state_key: target, content });
}

export function sendEvent(
  hs: Homeserver,
  room: Room,
  sender: string,
  event: { type: string; content: Record<string, unknown>; state_key?: string; transaction?: Transaction },
): StoredEvent {
  requireJoined(room, sender);
  const isState = event.state_key !== undefined;
  if (event.type === 'm.room.member') throw forbidden('use the membership endpoints to change membership');
  if (isState && event.state_key!.startsWith('@') && event.state_key !== sender)
    throw forbidden(`${sender} may not set state keyed to ${event.state_key}`);
  if (room.powerLevel(sender) < room.requiredLevel({ kind: 'event', type: event.type, state: isState })) {
    throw forbidden(`${sender} may not send ${event.type} here`);
  }
  if (event.type === 'm.room.canonical_alias' && typeof event.content.alias === 'string') {
    if (hs.rooms.resolveAlias(event.content.alias) !== room.id)
      throw new MatrixError(400, 'M_BAD_ALIAS', `${event.content.alias} does not point at this room`);
  }
  return appendEvent(hs, room, { ...event, sender });
}
