// Rooms as the user sees them: which one is open (from the address, as in
// Element), opening one the way Element does (address, mx_last_room_id, then
// loadMembersIfNeeded), and the actions of the composer and the room menu.

import { type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { navigateTo, type Navigation } from './navigation';
import type { ClientSession } from './session';
import { STORAGE_KEYS } from './storage-keys';

export interface ShownMessage {
  eventId: string;
  sender: string;
  /** The plain text, or null when the event could not be decrypted (yet). */
  body: string | null;
  encrypted: boolean;
  ts: number;
}

export interface OpenOptions {
  /** How the address changes: `pushState` (newer Element, the default) or `location.assign` (older Element, fires hashchange). */
  navigation?: Navigation;
  /** What the address shows: the room's canonical alias when it has one (Element's habit, the default), or always its id. */
  address?: 'alias' | 'id';
}

export class RoomsController {
  openRoomId: string | null = null;
  /** Set while a room is opening (its member list loading). */
  opening: string | null = null;

  constructor(private readonly session: ClientSession) {}

  private get client(): MatrixClient {
    if (!this.session.client) throw new Error('not logged in');
    return this.session.client;
  }

  /** Resolves a room id or alias: an alias from the joined rooms' canonical aliases, else from the directory. */
  async resolve(idOrAlias: string): Promise<string> {
    if (idOrAlias.startsWith('!')) return idOrAlias;
    const known = this.client.getRooms().find((r) => r.getCanonicalAlias() === idOrAlias || r.getAltAliases().includes(idOrAlias));
    if (known) return known.roomId;
    return (await this.client.getRoomIdForAlias(idOrAlias)).room_id;
  }

  /**
   * Opens a room as Element does: the address shows it (alias or id), its id
   * goes to localStorage.mx_last_room_id, and its member list is loaded once.
   * `navigate: false` when the address already changed (hashchange, popstate).
   */
  async open(idOrAlias: string, options: OpenOptions & { navigate?: boolean } = {}): Promise<Room> {
    const roomId = await this.resolve(idOrAlias);
    const room = this.client.getRoom(roomId);
    if (!room) throw new Error(`not in room ${roomId}`);
    this.openRoomId = roomId;
    this.opening = roomId;
    localStorage.setItem(STORAGE_KEYS.lastRoomId, roomId);
    if (options.navigate !== false) {
      const alias = room.getCanonicalAlias();
      navigateTo(options.address !== 'id' && alias ? alias : roomId, options.navigation ?? 'pushState');
    }
    this.session.changed();
    try {
      await room.loadMembersIfNeeded();
    } finally {
      this.opening = null;
      this.session.changed();
    }
    return room;
  }

  async create(options: { name?: string; alias?: string; invite?: string[]; encrypted?: boolean; isDirect?: boolean }): Promise<string> {
    const { room_id: roomId } = await this.client.createRoom({
      name: options.name,
      ...(options.alias ? { room_alias_name: options.alias } : {}),
      invite: options.invite ?? [],
      ...(options.isDirect ? { is_direct: true } : {}),
      initial_state:
        options.encrypted === false ? [] : [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    await this.untilKnown(roomId);
    return roomId;
  }

  async join(idOrAlias: string): Promise<string> {
    const room = await this.client.joinRoom(idOrAlias);
    await this.untilKnown(room.roomId, 'join');
    return room.roomId;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.client.invite(roomId, userId);
  }

  async leave(roomId: string): Promise<void> {
    await this.client.leave(roomId);
    if (this.openRoomId === roomId) this.openRoomId = null;
    this.session.changed();
  }

  async send(text: string, roomId = this.openRoomId): Promise<string> {
    if (!roomId) throw new Error('no room is open');
    const { event_id: eventId } = await this.client.sendTextMessage(roomId, text);
    return eventId;
  }

  /** The room's messages, decrypted where this device holds the key. */
  async messages(roomId = this.openRoomId): Promise<ShownMessage[]> {
    if (!roomId) throw new Error('no room is open');
    const events = this.client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
    const shown: ShownMessage[] = [];
    for (const event of events) {
      if (event.getType() !== 'm.room.message' && !event.isEncrypted()) continue;
      await this.client.decryptEventIfNeeded(event);
      shown.push(describeMessage(event));
    }
    return shown.filter((m) => m.body !== null || m.encrypted);
  }

  /** Waits until the sync has brought the room in with this user's membership (the SDK resolves its calls before). */
  private async untilKnown(roomId: string, membership = 'join'): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (this.client.getRoom(roomId)?.getMyMembership() !== membership) {
      if (Date.now() > deadline) throw new Error(`room ${roomId} did not arrive through sync`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export function describeMessage(event: MatrixEvent): ShownMessage {
  const clear = event.getType() === 'm.room.message' ? event.getContent() : null;
  return {
    eventId: event.getId() ?? '',
    sender: event.getSender() ?? '',
    body: typeof clear?.body === 'string' ? clear.body : null,
    encrypted: event.isEncrypted(),
    ts: event.getTs(),
  };
}
