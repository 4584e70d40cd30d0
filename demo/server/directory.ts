// The honest server's state: accounts, their devices, conversations and the
// encrypted messages it relays. All of it lives in memory and is gone when the
// process ends. Attacks never edit this; they are overlays (see attacks/).

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LIMITS } from '../shared/limits';
import { CourierError } from '../shared/wire/frames';
import type { ConversationKind, StoredMessage } from '../shared/wire/records';
import { isUsableDeviceKey, isUsableIdentityKey, verifySignature } from '../shared/crypto/keys';

export interface DeviceEntry {
  id: string;
  key: Uint8Array;
  signature: Uint8Array | null;
  /** SHA-256 of the device's bearer token; null for devices no client holds (the attacker's puppets). */
  tokenHash: Buffer | null;
}

export interface UserEntry {
  id: string;
  name: string;
  identityKey: Uint8Array;
  devices: DeviceEntry[];
  /** Device ids are never reused, so a removed device's id cannot come back with another key. */
  nextDevice: number;
}

export interface MessageEntry {
  message: StoredMessage;
  /** Users whose devices must not receive or list this message (a forgery aimed at everyone but its claimed sender). */
  hiddenFrom: ReadonlySet<string>;
}

export interface ConversationEntry {
  id: string;
  kind: ConversationKind;
  title: string;
  /** Visible members in the order they joined. */
  members: string[];
  messages: MessageEntry[];
  nextSeq: number;
  lastActivity: number;
}

export interface Credentials {
  user: string;
  device: string;
  token: string;
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export class Directory {
  readonly users = new Map<string, UserEntry>();
  readonly conversations = new Map<string, ConversationEntry>();

  constructor(private readonly now: () => number = Date.now) {}

  user(id: string): UserEntry {
    const user = this.users.get(id);
    if (!user) throw new CourierError('unknown-user', `no user @${id}`);
    return user;
  }

  conversation(id: string): ConversationEntry {
    const conversation = this.conversations.get(id);
    if (!conversation) throw new CourierError('not-found', `no conversation ${id}`);
    return conversation;
  }

  createUser(id: string, name: string, identityKey: Uint8Array): UserEntry {
    if (this.users.has(id)) throw new CourierError('user-taken', `@${id} is taken`);
    if (!isUsableIdentityKey(identityKey)) throw new CourierError('bad-key', 'identity key is not a usable Ed25519 public key');
    const user: UserEntry = { id, name, identityKey, devices: [], nextDevice: 1 };
    this.users.set(id, user);
    return user;
  }

  /** Reserves the user's next device id. */
  allocateDeviceId(user: UserEntry): string {
    return `d${user.nextDevice++}`;
  }

  /** The honest path for a new device: its key must carry the account's identity signature. */
  addSignedDevice(userId: string, key: Uint8Array, signature: Uint8Array): Credentials {
    const user = this.user(userId);
    if (!isUsableDeviceKey(key)) throw new CourierError('bad-key', 'device key is not a usable X25519 public key');
    if (!verifySignature(user.identityKey, key, signature)) {
      throw new CourierError('bad-signature', `device key is not signed by @${userId}'s identity key`);
    }
    if (user.devices.length >= LIMITS.registeredDevicesPerUser) {
      throw new CourierError('limit-reached', `@${userId} already has ${LIMITS.registeredDevicesPerUser} devices`);
    }
    if (user.devices.some((d) => Buffer.from(d.key).equals(Buffer.from(key)))) {
      throw new CourierError('bad-key', 'that device key is already registered');
    }
    const token = randomBytes(32).toString('base64url');
    const device: DeviceEntry = { id: this.allocateDeviceId(user), key, signature, tokenHash: hashToken(token) };
    user.devices.push(device);
    return { user: userId, device: device.id, token };
  }

  authenticate(userId: string, deviceId: string, token: string): boolean {
    const device = this.users.get(userId)?.devices.find((d) => d.id === deviceId);
    if (!device?.tokenHash) return false;
    return timingSafeEqual(device.tokenHash, hashToken(token));
  }

  removeDevice(userId: string, deviceId: string): void {
    const user = this.user(userId);
    user.devices = user.devices.filter((d) => d.id !== deviceId);
  }

  private conversationCount(userId: string): number {
    let n = 0;
    for (const c of this.conversations.values()) if (c.members.includes(userId)) n++;
    return n;
  }

  private checkRoomFor(userId: string): void {
    if (this.conversationCount(userId) >= LIMITS.conversationsPerUser) {
      throw new CourierError('limit-reached', `@${userId} is in ${LIMITS.conversationsPerUser} conversations already`);
    }
  }

  createConversation(creator: string, kind: ConversationKind, title: string, others: readonly string[]): ConversationEntry {
    const members = [creator, ...new Set(others.filter((m) => m !== creator))];
    for (const m of members) this.user(m);
    if (kind === 'direct') {
      if (members.length !== 2 || title !== '') {
        throw new CourierError('bad-args', 'a direct conversation has exactly one other member and no title');
      }
      const existing = this.findDirect(members[0]!, members[1]!);
      if (existing) return existing;
    } else {
      if (title === '') throw new CourierError('bad-args', 'a group needs a title');
      if (members.length > LIMITS.groupMembers)
        throw new CourierError('limit-reached', `a group has at most ${LIMITS.groupMembers} members`);
    }
    for (const m of members) this.checkRoomFor(m);
    const conversation: ConversationEntry = {
      id: `c-${randomBytes(6).toString('hex')}`,
      kind,
      title,
      members,
      messages: [],
      nextSeq: 1,
      lastActivity: this.now(),
    };
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  private findDirect(a: string, b: string): ConversationEntry | undefined {
    for (const c of this.conversations.values()) {
      if (c.kind === 'direct' && c.members.length === 2 && c.members.includes(a) && c.members.includes(b)) return c;
    }
    return undefined;
  }

  addMember(conversationId: string, userId: string): void {
    const conversation = this.conversation(conversationId);
    this.user(userId);
    if (conversation.kind !== 'group') throw new CourierError('bad-args', 'members can only be added to a group');
    if (conversation.members.includes(userId)) throw new CourierError('already-member', `@${userId} is already a member`);
    if (conversation.members.length >= LIMITS.groupMembers) {
      throw new CourierError('limit-reached', `a group has at most ${LIMITS.groupMembers} members`);
    }
    this.checkRoomFor(userId);
    conversation.members.push(userId);
    conversation.lastActivity = this.now();
  }

  leave(conversationId: string, userId: string): void {
    const conversation = this.conversation(conversationId);
    if (conversation.kind !== 'group') throw new CourierError('bad-args', 'only a group can be left');
    if (!conversation.members.includes(userId)) throw new CourierError('not-a-member', `@${userId} is not a member`);
    conversation.members = conversation.members.filter((m) => m !== userId);
    conversation.lastActivity = this.now();
    if (conversation.members.length === 0) this.conversations.delete(conversationId);
  }

  appendMessage(
    conversationId: string,
    store: (seq: number, sentAt: number) => StoredMessage,
    hiddenFrom: ReadonlySet<string> = new Set(),
  ): MessageEntry {
    const conversation = this.conversation(conversationId);
    const entry: MessageEntry = { message: store(conversation.nextSeq++, this.now()), hiddenFrom };
    conversation.messages.push(entry);
    if (conversation.messages.length > LIMITS.historyKept) conversation.messages.shift();
    conversation.lastActivity = entry.message.sentAt;
    return entry;
  }
}
