// Client-server API responses as a homeserver serves them to a web client, for
// the tests of the observation path (unit, fuzz and browser tests). Shapes
// follow the spec's response formats; keys come from the caller.

type Json = Record<string, unknown>;
export type MemberSpec = { userId: string; membership?: 'join' | 'invite' | 'leave' | 'ban' | 'knock'; name?: string };

let eventCounter = 0;

export function memberEvent(roomId: string, member: MemberSpec): Json {
  eventCounter++;
  return {
    type: 'm.room.member',
    state_key: member.userId,
    sender: member.userId,
    room_id: roomId,
    event_id: `$member${eventCounter}:test`,
    origin_server_ts: 1_700_000_000_000 + eventCounter,
    content: { membership: member.membership ?? 'join', ...(member.name === undefined ? {} : { displayname: member.name }) },
    unsigned: { age: 1234 },
  };
}

export function stateEvent(roomId: string, type: string, content: Json): Json {
  eventCounter++;
  return { type, state_key: '', sender: '@admin:test', room_id: roomId, event_id: `$state${eventCounter}:test`, content };
}

/** GET /rooms/{roomId}/members */
export function membersBody(roomId: string, members: MemberSpec[]): Json {
  return { chunk: members.map((m) => memberEvent(roomId, m)) };
}

/** GET /rooms/{roomId}/joined_members */
export function joinedMembersBody(members: MemberSpec[]): Json {
  return { joined: Object.fromEntries(members.map((m) => [m.userId, { display_name: m.name ?? null, avatar_url: null }])) };
}

export interface SyncRoomSpec {
  roomId: string;
  /** Member changes, as timeline events. */
  members?: MemberSpec[];
  summary?: { joined: number; invited?: number };
  name?: string;
  alias?: string;
  /** Other timeline events (messages) to pad the response. */
  messages?: number;
}

/** GET /sync with some joined rooms; the other sections a server sends are there too. */
export function syncBody(rooms: SyncRoomSpec[], since = 's1'): Json {
  const join: Json = {};
  for (const room of rooms) {
    const state: Json[] = [];
    if (room.name !== undefined) state.push(stateEvent(room.roomId, 'm.room.name', { name: room.name }));
    if (room.alias !== undefined) state.push(stateEvent(room.roomId, 'm.room.canonical_alias', { alias: room.alias }));
    const messages = Array.from({ length: room.messages ?? 0 }, (_, i) => ({
      type: 'm.room.encrypted',
      sender: '@someone:test',
      content: { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: `cipher${i}` },
    }));
    join[room.roomId] = {
      state: { events: state },
      timeline: { events: [...(room.members ?? []).map((m) => memberEvent(room.roomId, m)), ...messages], limited: false },
      ephemeral: { events: [] },
      account_data: { events: [] },
      unread_notifications: { notification_count: 0 },
      ...(room.summary
        ? { summary: { 'm.joined_member_count': room.summary.joined, 'm.invited_member_count': room.summary.invited ?? 0, 'm.heroes': [] } }
        : {}),
    };
  }
  return {
    next_batch: `${since}_next`,
    rooms: { join, invite: {}, leave: {}, knock: {} },
    presence: { events: [] },
    account_data: { events: [] },
    to_device: { events: [] },
    device_lists: { changed: [], left: [] },
    device_one_time_keys_count: { signed_curve25519: 50 },
  };
}

export function whoamiBody(userId: string, deviceId = 'WEBCLIENT'): Json {
  return { user_id: userId, device_id: deviceId };
}

/** The event detail the page script dispatches for one response. */
export function pageEventDetail(pathAndQuery: string, body: unknown): string {
  return JSON.stringify({ url: pathAndQuery, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

export const API = '/_matrix/client/v3';
export const paths = {
  keysQuery: `${API}/keys/query`,
  sync: (since?: string) => `${API}/sync${since ? `?since=${encodeURIComponent(since)}&timeout=30000` : '?timeout=0'}`,
  whoami: `${API}/account/whoami`,
  members: (roomId: string, query = '?not_membership=leave') => `${API}/rooms/${encodeURIComponent(roomId)}/members${query}`,
  joinedMembers: (roomId: string) => `${API}/rooms/${encodeURIComponent(roomId)}/joined_members`,
};
