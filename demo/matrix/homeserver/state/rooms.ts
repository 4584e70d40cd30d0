// Rooms: their events in stream order, their state, aliases and read receipts.
// State is kept whole (every event of it), so the state at any past position
// can be replayed: /members?at=, sync's state before a gap, a leave.

import { newEventId } from '../ids';

export type Membership = 'join' | 'invite' | 'leave' | 'ban' | 'knock';

/**
 * Where a hidden state event is delivered (only the hidden-member attack makes
 * them): never in a timeline; in /members, /joined_members and /state always;
 * in sync only through the section named ('state' for clients without
 * MSC4222, 'state_after' for clients with it), and nowhere else for 'members'.
 */
export type HiddenDelivery = 'members' | 'state' | 'state_after';

export interface StoredEvent {
  event_id: string;
  room_id: string;
  type: string;
  sender: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  state_key?: string;
  position: number;
  hidden?: HiddenDelivery;
  /** Who sent it from which device under which transaction id (echoed to that device as unsigned.transaction_id). */
  transaction?: { userId: string; deviceId: string; txnId: string };
  /** The content of the state event this one replaced. */
  prevContent?: Record<string, unknown>;
}

export type StateFilter = (event: StoredEvent) => boolean;
export const ALL_STATE: StateFilter = () => true;

export const stateKey = (type: string, key: string) => `${type}\u0000${key}`;

export interface Receipt {
  eventId: string;
  ts: number;
  position: number;
  type: string;
}

export class Room {
  readonly events: StoredEvent[] = [];
  private readonly state = new Map<string, StoredEvent>();
  private readonly memberHistory = new Map<string, StoredEvent[]>();
  readonly receipts = new Map<string, Receipt>();
  /** Position of the newest membership event, to skip membership replays when nothing changed. */
  lastMembershipPosition = 0;
  published = false;

  constructor(
    readonly id: string,
    readonly version: string,
  ) {}

  append(
    event: Omit<StoredEvent, 'event_id' | 'room_id' | 'origin_server_ts' | 'prevContent'> & { origin_server_ts?: number },
  ): StoredEvent {
    const stored: StoredEvent = { event_id: newEventId(), room_id: this.id, origin_server_ts: Date.now(), ...event };
    if (stored.state_key !== undefined) {
      const key = stateKey(stored.type, stored.state_key);
      const before = this.state.get(key);
      if (before) stored.prevContent = before.content;
      this.state.set(key, stored);
      if (stored.type === 'm.room.member') {
        const history = this.memberHistory.get(stored.state_key) ?? [];
        history.push(stored);
        this.memberHistory.set(stored.state_key, history);
        this.lastMembershipPosition = stored.position;
      }
    }
    this.events.push(stored);
    return stored;
  }

  event(eventId: string): StoredEvent | undefined {
    return this.events.find((e) => e.event_id === eventId);
  }

  /** The current state event of (type, key), hidden ones included. */
  stateEvent(type: string, key = ''): StoredEvent | undefined {
    return this.state.get(stateKey(type, key));
  }

  /** The state at `position` (everything up to and including it), keeping only events `include` accepts. */
  stateAt(position: number, include: StateFilter = ALL_STATE): Map<string, StoredEvent> {
    if (position >= (this.events.at(-1)?.position ?? 0) && include === ALL_STATE) return new Map(this.state);
    const state = new Map<string, StoredEvent>();
    for (const event of this.events) {
      if (event.position > position) break;
      if (event.state_key !== undefined && include(event)) state.set(stateKey(event.type, event.state_key), event);
    }
    return state;
  }

  /** A user's membership at `position` (now when omitted), as the events `include` accepts tell it. */
  membershipOf(userId: string, position = Infinity, include: StateFilter = ALL_STATE): Membership | null {
    const history = this.memberHistory.get(userId) ?? [];
    for (let i = history.length - 1; i >= 0; i--) {
      const event = history[i]!;
      if (event.position <= position && include(event)) return event.content.membership as Membership;
    }
    return null;
  }

  /** Every user with a membership event, and their membership at `position`. */
  memberships(position = Infinity, include: StateFilter = ALL_STATE): Map<string, Membership> {
    const result = new Map<string, Membership>();
    for (const userId of this.memberHistory.keys()) {
      const membership = this.membershipOf(userId, position, include);
      if (membership) result.set(userId, membership);
    }
    return result;
  }

  /** Power level of a user now (m.room.power_levels, with the spec's defaults). */
  powerLevel(userId: string): number {
    const content = this.stateEvent('m.room.power_levels')?.content as
      { users?: Record<string, number>; users_default?: number } | undefined;
    if (!content) return this.stateEvent('m.room.create')?.sender === userId ? 100 : 0;
    return content.users?.[userId] ?? content.users_default ?? 0;
  }

  /** The power level needed for an action ('invite', 'kick', …) or to send an event type. */
  requiredLevel(
    action: { kind: 'action'; name: 'invite' | 'kick' | 'ban' | 'redact' } | { kind: 'event'; type: string; state: boolean },
  ): number {
    const content = (this.stateEvent('m.room.power_levels')?.content ?? {}) as Record<string, unknown>;
    if (action.kind === 'action')
      return typeof content[action.name] === 'number' ? (content[action.name] as number) : action.name === 'invite' ? 0 : 50;
    const events = (content.events ?? {}) as Record<string, number>;
    if (typeof events[action.type] === 'number') return events[action.type]!;
    const fallback = action.state ? content.state_default : content.events_default;
    return typeof fallback === 'number' ? fallback : action.state ? 50 : 0;
  }
}

export class Rooms {
  private readonly byId = new Map<string, Room>();
  private readonly aliases = new Map<string, string>();
  /** Every room a user ever had a membership event in. */
  private readonly roomsOfUser = new Map<string, Set<string>>();
  private readonly transactions = new Map<string, string>();

  add(room: Room): Room {
    this.byId.set(room.id, room);
    return room;
  }

  get(roomId: string): Room | undefined {
    return this.byId.get(roomId);
  }

  all(): Room[] {
    return [...this.byId.values()];
  }

  noteMember(userId: string, roomId: string): void {
    const rooms = this.roomsOfUser.get(userId) ?? new Set();
    rooms.add(roomId);
    this.roomsOfUser.set(userId, rooms);
  }

  roomsOf(userId: string): Room[] {
    return [...(this.roomsOfUser.get(userId) ?? [])].map((id) => this.byId.get(id)!);
  }

  setAlias(alias: string, roomId: string): void {
    this.aliases.set(alias, roomId);
  }

  deleteAlias(alias: string): boolean {
    return this.aliases.delete(alias);
  }

  resolveAlias(alias: string): string | undefined {
    return this.aliases.get(alias);
  }

  aliasesOf(roomId: string): string[] {
    return [...this.aliases].filter(([, id]) => id === roomId).map(([alias]) => alias);
  }

  /** The event id already sent under this transaction id by this device, if any (spec: transaction ids make PUTs idempotent). */
  transaction(userId: string, deviceId: string, txnId: string, scope: string): string | undefined {
    return this.transactions.get(`${userId}|${deviceId}|${scope}|${txnId}`);
  }

  rememberTransaction(userId: string, deviceId: string, txnId: string, scope: string, eventId: string): void {
    this.transactions.set(`${userId}|${deviceId}|${scope}|${txnId}`, eventId);
  }
}
