// The browser client's life cycle: load the stored account, connect, reconnect
// after a drop, sign up, link, sign out; and keep the page-protocol element in
// step with the session and the open conversation. The UI only renders `phase`.

import { decodeLinkCode, type Account } from '../core/account';
import { Connection, ServerError } from '../core/connection';
import { disclosureText } from '../core/disclosure';
import { CourierSession } from '../core/session';
import { DEVICE_REMOVED_CODE } from '../../shared/wire/close-codes';
import { forgetAccount, loadAccount, saveAccount } from './key-store';
import { writeDisclosureElement } from './disclosure-element';
import { browserSocketFactory, courierSocketUrl } from './socket';

export type Phase =
  | { kind: 'loading' }
  | { kind: 'signed-out'; notice: string | null }
  | { kind: 'connecting'; account: Account; error: string | null }
  | { kind: 'ready'; session: CourierSession }
  /** The server does not know this account (it keeps accounts in memory only). */
  | { kind: 'lost'; account: Account; message: string }
  | { kind: 'broken'; message: string };

const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ClientController {
  phase: Phase = { kind: 'loading' };
  private readonly listeners = new Set<() => void>();
  private openConversation: string | null = null;
  private detachSession: (() => void) | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly doc: Document) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    let account: Account | null;
    try {
      account = await loadAccount();
    } catch (error) {
      return this.setPhase({ kind: 'broken', message: describe(error) });
    }
    if (account) this.reconnect(account, 0);
    else this.setPhase({ kind: 'signed-out', notice: null });
  }

  async signUp(user: string, name: string): Promise<void> {
    const session = await CourierSession.signUp(await this.connect(), { user, name });
    await this.adopt(session);
  }

  async link(linkCodeText: string): Promise<void> {
    const session = await CourierSession.link(await this.connect(), decodeLinkCode(linkCodeText));
    await this.adopt(session);
  }

  /** Removes this device from the account on the server and forgets its keys here. */
  async signOut(): Promise<void> {
    if (this.phase.kind === 'ready') {
      const { session } = this.phase;
      this.dropSession();
      await session.removeThisDevice().catch(() => undefined);
      session.close();
    }
    await this.startOver('You are signed out. This browser no longer holds the account’s keys.');
  }

  /** Forgets the stored account (when the server no longer knows it). */
  async startOver(notice: string | null = null): Promise<void> {
    this.dropSession();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await forgetAccount();
    this.setPhase({ kind: 'signed-out', notice });
  }

  setOpenConversation(conversationId: string | null): void {
    this.openConversation = conversationId;
    this.updateDisclosure();
  }

  private connect(): Promise<Connection> {
    return Connection.open(courierSocketUrl(), browserSocketFactory);
  }

  private async adopt(session: CourierSession): Promise<void> {
    await saveAccount(session.account);
    this.attach(session);
  }

  private reconnect(account: Account, attempt: number): void {
    if (this.phase.kind !== 'connecting') this.setPhase({ kind: 'connecting', account, error: null });
    void this.connect()
      .then((connection) => CourierSession.resume(connection, account))
      .then((session) => this.attach(session))
      .catch((error: unknown) => {
        if (error instanceof ServerError && error.code === 'bad-credentials') {
          return this.setPhase({ kind: 'lost', account, message: describe(error) });
        }
        this.setPhase({ kind: 'connecting', account, error: describe(error) });
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
        this.retryTimer = setTimeout(() => this.reconnect(account, attempt + 1), delay);
      });
  }

  private attach(session: CourierSession): void {
    this.dropSession();
    this.detachSession = session.subscribe((event) => {
      if (event.type !== 'closed') return this.updateDisclosure();
      this.dropSession();
      if (event.error.code === DEVICE_REMOVED_CODE) {
        void this.startOver('This device was removed from your account.');
      } else {
        this.reconnect(session.account, 0);
      }
    });
    this.setPhase({ kind: 'ready', session });
  }

  private dropSession(): void {
    this.detachSession?.();
    this.detachSession = null;
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    this.updateDisclosure();
    for (const listener of this.listeners) listener();
  }

  /** While connecting, the last disclosure stays: it is still what this page would encrypt to. */
  private updateDisclosure(): void {
    const { phase } = this;
    if (phase.kind === 'ready') {
      writeDisclosureElement(this.doc, disclosureText(phase.session.disclosure(this.openConversation)));
    } else if (phase.kind !== 'connecting') {
      writeDisclosureElement(this.doc, null);
    }
  }
}
