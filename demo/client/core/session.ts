// A signed-in Courier device: the state the server serves it, the messages it
// can read, and the operations a person can do. No UI in here, so the browser
// client and the Node test client run the same code.

import { fromBase64, toBase64 } from '../../../src/core/encoding';
import type { PageDisclosureV1 } from '../../../src/adapters/page-protocol/protocol';
import { openEnvelope, sealEnvelope, verifyEnvelope, type OpenFailure } from '../../shared/crypto/envelope';
import { generateDeviceKeyPair, generateIdentityKeyPair, signDeviceKey, type KeyPair } from '../../shared/crypto/keys';
import { LIMITS } from '../../shared/limits';
import { codePointLength } from '../../shared/wire/primitives';
import type { StoredMessage, ViewState } from '../../shared/wire/records';
import { deviceKeys, identityKeys, type Account, type LinkCode } from './account';
import type { Connection, ConnectionClosedError } from './connection';
import { buildDisclosure } from './disclosure';
import { encryptionTargets, findConversation } from './recipients';
import { stateProblem } from './state-check';

export type MessageStatus = 'ok' | 'unverified-sender' | OpenFailure;

export interface ShownMessage {
  conversation: string;
  seq: number;
  sentAt: number;
  id: string;
  sender: { user: string; device: string };
  status: MessageStatus;
  /** Null unless status is 'ok': unverified text is not shown. */
  text: string | null;
}

export type SessionEvent =
  | { type: 'state' }
  | { type: 'message'; message: ShownMessage }
  | { type: 'problem'; message: string }
  | { type: 'closed'; error: ConnectionClosedError };

const FIRST_STATE_TIMEOUT_MS = 10_000;

export class SessionError extends Error {
  override name = 'SessionError';
}

async function closingOnFailure<T>(connection: Connection, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    connection.close();
    throw error;
  }
}

export class CourierSession {
  private current: ViewState | null = null;
  private readonly messages = new Map<string, ShownMessage[]>();
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private readonly device: KeyPair;
  private readonly identity: KeyPair;
  // Messages are opened one at a time so they are listed in the order they came.
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly connection: Connection,
    readonly account: Account,
  ) {
    this.device = deviceKeys(account);
    this.identity = identityKeys(account);
    connection.onPush((frame) => {
      if (frame.type === 'state') this.applyState(frame.state);
      else this.enqueue(frame.message);
    });
    connection.onProblem((error) => this.emit({ type: 'problem', message: error.message }));
    connection.onClose((error) => this.emit({ type: 'closed', error }));
  }

  /** Creates an account with this as its first device. The session owns `connection` (closed on failure). */
  static signUp(connection: Connection, profile: { user: string; name: string }): Promise<CourierSession> {
    return closingOnFailure(connection, async () => {
      const identity = generateIdentityKeyPair();
      const device = generateDeviceKeyPair();
      const credentials = await connection.request('register', {
        user: profile.user,
        name: profile.name,
        identityKey: toBase64(identity.publicKey),
        deviceKey: toBase64(device.publicKey),
        deviceSignature: toBase64(signDeviceKey(identity.secretKey, device.publicKey)),
      });
      return CourierSession.resume(connection, {
        ...credentials,
        name: profile.name,
        identitySecret: toBase64(identity.secretKey),
        deviceSecret: toBase64(device.secretKey),
      });
    });
  }

  /** Adds this as a new device of the account a link code comes from. */
  static link(connection: Connection, code: LinkCode): Promise<CourierSession> {
    return closingOnFailure(connection, async () => {
      const device = generateDeviceKeyPair();
      const credentials = await connection.request('link-device', {
        user: code.user,
        deviceKey: toBase64(device.publicKey),
        deviceSignature: toBase64(signDeviceKey(fromBase64(code.identitySecret), device.publicKey)),
      });
      return CourierSession.resume(connection, {
        ...credentials,
        name: code.name,
        identitySecret: code.identitySecret,
        deviceSecret: toBase64(device.secretKey),
      });
    });
  }

  /** Signs in a device that has an account already; resolves once the first state has arrived. */
  static resume(connection: Connection, account: Account): Promise<CourierSession> {
    return closingOnFailure(connection, async () => {
      const session = new CourierSession(connection, account);
      await connection.request('hello', { user: account.user, device: account.device, token: account.token });
      // The state is pushed right after the reply; `until` also sees one that came first.
      await session.until((s) => s.current !== null, FIRST_STATE_TIMEOUT_MS);
      return session;
    });
  }

  get state(): ViewState {
    if (!this.current) throw new SessionError('no state yet');
    return this.current;
  }

  get isConnected(): boolean {
    return this.connection.isOpen;
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when `predicate` holds (checked now and after every event); rejects after `timeoutMs`. */
  until(predicate: (session: CourierSession) => boolean, timeoutMs = 5_000): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new SessionError(`condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = this.subscribe(() => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
  }

  messagesIn(conversationId: string): readonly ShownMessage[] {
    return this.messages.get(conversationId) ?? [];
  }

  disclosure(conversationId: string | null): PageDisclosureV1 {
    return buildDisclosure(this.state, conversationId);
  }

  async createDirect(user: string): Promise<string> {
    return (await this.connection.request('create-conversation', { kind: 'direct', title: '', members: [user] })).conversation;
  }

  async createGroup(title: string, members: string[]): Promise<string> {
    return (await this.connection.request('create-conversation', { kind: 'group', title, members })).conversation;
  }

  async addMember(conversation: string, user: string): Promise<void> {
    await this.connection.request('add-member', { conversation, user });
  }

  async leave(conversation: string): Promise<void> {
    await this.connection.request('leave', { conversation });
  }

  async loadHistory(conversation: string): Promise<void> {
    const { messages } = await this.connection.request('history', { conversation });
    for (const message of messages) this.enqueue(message);
    await this.queue;
  }

  /** Encrypts `text` to every device the server lists for the conversation's participants, and sends it. */
  async send(conversation: string, text: string): Promise<number> {
    if (text.trim() === '') throw new SessionError('a message needs some text');
    if (codePointLength(text) > LIMITS.textLength) throw new SessionError(`a message has at most ${LIMITS.textLength} characters`);
    if (!findConversation(this.state, conversation)) throw new SessionError(`not in conversation ${conversation}`);
    const recipients = encryptionTargets(this.state, conversation);
    if (recipients.length === 0) throw new SessionError('nobody in this conversation has a device to encrypt to');
    const envelope = await sealEnvelope({
      conversation,
      sender: { user: this.account.user, device: this.account.device },
      senderIdentitySecret: this.identity.secretKey,
      text,
      recipients,
    });
    return (await this.connection.request('send', { envelope })).seq;
  }

  /** Removes this device from the account; the server then closes the connection. */
  async removeThisDevice(): Promise<void> {
    await this.connection.request('remove-device', {});
  }

  close(): void {
    this.connection.close();
  }

  private emit(event: SessionEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private applyState(state: ViewState): void {
    const problem = stateProblem(state, this.account);
    if (problem) return this.emit({ type: 'problem', message: `ignored a state update: ${problem}` });
    this.current = state;
    const open = new Set(state.conversations.map((c) => c.id));
    for (const id of this.messages.keys()) if (!open.has(id)) this.messages.delete(id);
    this.emit({ type: 'state' });
  }

  private enqueue(message: StoredMessage): void {
    this.queue = this.queue
      .then(() => this.ingest(message))
      .catch((error: unknown) => {
        this.emit({ type: 'problem', message: `could not read message ${message.seq}: ${(error as Error).message}` });
      });
  }

  private async ingest(stored: StoredMessage): Promise<void> {
    const { envelope } = stored;
    if (envelope.conversation !== stored.conversation) {
      return this.emit({
        type: 'problem',
        message: `message ${stored.seq} is filed under ${stored.conversation} but addressed to ${envelope.conversation}`,
      });
    }
    if (!this.current || !findConversation(this.current, stored.conversation)) {
      return this.emit({
        type: 'problem',
        message: `message ${stored.seq} is for ${stored.conversation}, a conversation this device is not in`,
      });
    }
    const list = this.messages.get(stored.conversation) ?? [];
    if (list.some((m) => m.seq === stored.seq)) return;
    const shown: ShownMessage = {
      conversation: stored.conversation,
      seq: stored.seq,
      sentAt: stored.sentAt,
      id: envelope.id,
      sender: envelope.sender,
      ...(await this.read(stored)),
    };
    list.push(shown);
    list.sort((a, b) => a.seq - b.seq);
    if (list.length > LIMITS.historyKept) list.shift();
    this.messages.set(stored.conversation, list);
    this.emit({ type: 'message', message: shown });
  }

  private async read({ envelope }: StoredMessage): Promise<{ status: MessageStatus; text: string | null }> {
    const opened = await openEnvelope(envelope, { user: this.account.user, device: this.account.device, keys: this.device });
    if (!opened.ok) return { status: opened.reason, text: null };
    const sender = this.current?.users.find((u) => u.id === envelope.sender.user);
    if (!sender || !verifyEnvelope(envelope, fromBase64(sender.identityKey))) return { status: 'unverified-sender', text: null };
    return { status: 'ok', text: opened.text };
  }
}
