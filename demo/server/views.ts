// What each signed-in device is served: the honest directory with the active
// attacks laid over it. Keys may differ per viewer (an identity swap spares its
// victim); conversation membership is the same for everyone.

import { toBase64 } from '../../src/core/encoding';
import type { ConversationEntry, Directory, UserEntry } from './directory';
import type { ConversationRecord, ParticipantRecord, UserRecord, ViewState } from '../shared/wire/records';

/** What lays the active attacks over the honest records (the attack registry). */
export interface Overlays {
  renderUser(record: UserRecord, viewer: string): UserRecord;
  renderParticipants(conversation: string, participants: ParticipantRecord[]): ParticipantRecord[];
}

export class Views {
  constructor(
    private readonly directory: Directory,
    private readonly attacks: Overlays,
  ) {}

  /** A user's record with no attack applied. */
  honestUser(id: string): UserRecord {
    return this.honestRecord(this.directory.user(id));
  }

  private honestRecord(entry: UserEntry): UserRecord {
    return {
      id: entry.id,
      name: entry.name,
      identityKey: toBase64(entry.identityKey),
      devices: entry.devices.map((d) => ({ id: d.id, key: toBase64(d.key), signature: d.signature && toBase64(d.signature) })),
    };
  }

  user(id: string, viewer: string): UserRecord {
    return this.attacks.renderUser(this.honestUser(id), viewer);
  }

  participants(conversationId: string): ParticipantRecord[] {
    const conversation = this.directory.conversations.get(conversationId);
    if (!conversation) return [];
    const honest = conversation.members.map((user) => ({ user, shown: true }));
    // An overlay may name a user who has since gone; nobody is served a participant without a record.
    return this.attacks.renderParticipants(conversationId, honest).filter((p) => this.directory.users.has(p.user));
  }

  isParticipant(conversationId: string, user: string): boolean {
    return this.participants(conversationId).some((p) => p.user === user);
  }

  conversationsOf(user: string): ConversationEntry[] {
    return [...this.directory.conversations.values()].filter((c) => this.isParticipant(c.id, user));
  }

  private conversation(entry: ConversationEntry): ConversationRecord {
    return {
      id: entry.id,
      kind: entry.kind,
      title: entry.title,
      participants: this.participants(entry.id),
      lastActivity: entry.lastActivity,
    };
  }

  state(viewer: { user: string; device: string }): ViewState {
    const conversations = this.conversationsOf(viewer.user)
      .map((c) => this.conversation(c))
      .sort((a, b) => b.lastActivity - a.lastActivity);
    const userIds = new Set([viewer.user, ...conversations.flatMap((c) => c.participants.map((p) => p.user))]);
    return {
      me: { ...viewer },
      users: [...userIds].map((id) => this.user(id, viewer.user)),
      conversations,
    };
  }
}
