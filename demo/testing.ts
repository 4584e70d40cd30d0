// Helpers for tests that need Courier: start it in-process, create users and
// conversations from Node without clicking through the UI, drive the attacks,
// and small scripts to run inside a Courier page (for Playwright or Puppeteer).
// Documented in docs/courier.md ("Testing with Courier").

import { decodeLinkCode, encodeLinkCode } from './client/core/account';
import { Connection } from './client/core/connection';
import { CourierSession } from './client/core/session';
import { nodeSocketFactory } from './node-socket';

export { startCourier, type CourierOptions, type CourierServer } from './server/courier';
export { CourierSession, type ShownMessage, type MessageStatus } from './client/core/session';
export { COURIER_TEST_IDS } from './client/ui/test-ids';

/** ws://host/ws for a Courier base URL such as http://127.0.0.1:8480. */
export function socketUrl(baseUrl: string): string {
  const url = new URL('/ws', baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

export function connect(baseUrl: string): Promise<Connection> {
  return Connection.open(socketUrl(baseUrl), nodeSocketFactory);
}

/** Signs up a user from Node (keys in memory). Close the session when done. */
export async function createUser(baseUrl: string, user: string, name = user): Promise<CourierSession> {
  return CourierSession.signUp(await connect(baseUrl), { user, name });
}

/** Adds another device to `session`'s account, as linking a second browser would. */
export async function linkDevice(baseUrl: string, session: CourierSession): Promise<CourierSession> {
  return CourierSession.link(await connect(baseUrl), decodeLinkCode(encodeLinkCode(session.account)));
}

export interface AttackInfo {
  id: string;
  kind: string;
  createdAt: number;
  [detail: string]: unknown;
}

export class AttackApiError extends Error {
  override name = 'AttackApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: method === 'POST' ? { 'Content-Type': 'application/json' } : {},
    body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
  });
  const json = (await response.json()) as { error?: { code: string; message: string } } & T;
  if (!response.ok) throw new AttackApiError(response.status, json.error?.code ?? 'unknown', json.error?.message ?? response.statusText);
  return json;
}

export type AttackRequest =
  | { kind: 'ghost-device'; user: string; signedBy?: 'none' | 'server' }
  | { kind: 'swap-identity'; user: string }
  | { kind: 'add-hidden-participant'; conversation: string; user: string }
  | { kind: 'remove-participant'; conversation: string; user: string };

export async function applyAttack(baseUrl: string, request: AttackRequest): Promise<AttackInfo> {
  const { kind, ...params } = request;
  return (await call<{ attack: AttackInfo }>(baseUrl, 'POST', `/attack/${kind}`, params)).attack;
}

export async function undoAttack(baseUrl: string, id: string): Promise<void> {
  await call(baseUrl, 'POST', '/attack/undo', { id });
}

export async function undoAllAttacks(baseUrl: string): Promise<void> {
  await call(baseUrl, 'POST', '/attack/undo-all');
}

export async function listAttacks(baseUrl: string): Promise<AttackInfo[]> {
  return (await call<{ attacks: AttackInfo[] }>(baseUrl, 'GET', '/attack')).attacks;
}

export interface Intercepted {
  conversation: string;
  seq: number;
  sender: { user: string; device: string };
  text: string;
  readAs: { user: string; device: string; source: string };
}

/** Messages the attacker can read with the keys it holds. */
export async function intercepted(baseUrl: string): Promise<Intercepted[]> {
  return (await call<{ messages: Intercepted[] }>(baseUrl, 'GET', '/attack/intercepted')).messages;
}

export async function createPuppet(baseUrl: string, user: string, name?: string): Promise<void> {
  await call(baseUrl, 'POST', '/attack/puppet', { user, name });
}

export async function injectMessage(baseUrl: string, conversation: string, as: string, text: string): Promise<void> {
  await call(baseUrl, 'POST', '/attack/inject', { conversation, as, text });
}

// Functions to run inside a Courier page, for `page.evaluate(fn, arg)` in
// Playwright, Puppeteer or e2e/harness's TestPage. They are serialized, so they
// are self-contained and declare no named inner functions (a TypeScript loader
// may wrap those in helpers the page does not have). Each waits up to 10 s.

/** Fills in and submits the sign-up form; resolves once the account exists (the disclosure element appears). */
async function signUpInPage({ user, name }: { user: string; name: string }): Promise<void> {
  for (let waited = 0; !document.querySelector('[data-testid="signup-form"]'); waited += 50) {
    if (waited > 10_000) throw new Error('timed out waiting for the sign-up form');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const [id, value] of [
    ['signup-user', user],
    ['signup-name', name],
  ] as const) {
    const input = document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  (document.querySelector('[data-testid="signup-form"]') as HTMLFormElement).requestSubmit();
  for (let waited = 0; !document.getElementById('keywatch-disclosure'); waited += 50) {
    const error = document.querySelector('[data-testid="signup-error"]');
    if (error) throw new Error(`sign-up failed: ${error.textContent ?? ''}`);
    if (waited > 10_000) throw new Error('timed out waiting for the account to be created');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens a conversation by id (the app routes on #/c/<id>); resolves when the disclosure names it. */
async function openConversationInPage(conversationId: string): Promise<void> {
  location.hash = `#/c/${encodeURIComponent(conversationId)}`;
  // Real time, not a count of turns: a loaded machine stretches every timer.
  const started = Date.now();
  for (;;) {
    const waited = Date.now() - started;
    let open: unknown;
    try {
      open = (
        JSON.parse(document.getElementById('keywatch-disclosure')?.textContent ?? 'null') as { conversation?: { id?: string } } | null
      )?.conversation?.id;
    } catch {
      open = null;
    }
    if (open === conversationId) return;
    if (waited > 30_000) throw new Error(`timed out waiting for conversation ${conversationId} to open`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The disclosure element's text, or null when there is none. */
function readDisclosureInPage(): string | null {
  return document.getElementById('keywatch-disclosure')?.textContent ?? null;
}

export const inPage = {
  signUp: signUpInPage,
  openConversation: openConversationInPage,
  readDisclosure: readDisclosureInPage,
};
