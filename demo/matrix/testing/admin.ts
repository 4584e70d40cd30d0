// The homeserver's admin API from Node, typed (docs/matrix-homeserver.md).
// Every function takes the homeserver's base URL, so tests may drive a server
// in this process or one started by `npm run homeserver`.
import type { LoggedRequest } from '../homeserver/state/request-log';

export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(baseUrl: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/_admin/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new AdminApiError(response.status, String(json.errcode), `${method} /_admin/${path}: ${String(json.error)}`);
  return json as T;
}

export interface AttackInfo {
  id: string;
  kind: string;
  createdAt: number;
  [detail: string]: unknown;
}

export type AttackRequest =
  | {
      kind: 'ghost-device';
      user: string;
      deviceId?: string;
      displayName?: string;
      selfSignature?: 'valid' | 'bad';
      nested?: boolean;
      viewer?: string;
    }
  | { kind: 'replace-master-key'; user: string; includeOwner?: boolean; resignDevices?: boolean; viewer?: string }
  | { kind: 'hidden-member'; room: string; user: string; via?: 'state_after' | 'state' | 'members'; membership?: 'join' | 'invite' }
  | { kind: 'keys-failures'; user?: string; server?: string; viewer?: string }
  | { kind: 'withhold-device-list'; user: string; viewer?: string };

export async function applyAttack(baseUrl: string, { kind, ...params }: AttackRequest): Promise<AttackInfo> {
  return (await call<{ attack: AttackInfo }>(baseUrl, 'POST', `attacks/${kind}`, params)).attack;
}

export async function undoAttack(baseUrl: string, id: string): Promise<AttackInfo> {
  return (await call<{ undone: AttackInfo }>(baseUrl, 'POST', 'attacks/undo', { id })).undone;
}

export async function undoAllAttacks(baseUrl: string): Promise<AttackInfo[]> {
  return (await call<{ undone: AttackInfo[] }>(baseUrl, 'POST', 'attacks/undo-all', {})).undone;
}

export async function listAttacks(baseUrl: string): Promise<AttackInfo[]> {
  return (await call<{ attacks: AttackInfo[] }>(baseUrl, 'GET', 'attacks')).attacks;
}

export interface ServerUser {
  userId: string;
  password: string;
  devices: Array<{ deviceId: string; accessToken: string | null; dehydrated: boolean }>;
  masterKey: string | null;
}

export interface ServerUserRequest {
  /** A local part (made on this server) or a full user id (another server name makes a user of a "remote" server). */
  user: string;
  displayName?: string;
  password?: string;
  /** false: a user of an old client or a bridge, with no cross-signing keys. */
  crossSigning?: boolean;
  devices?: number;
  dehydratedDevice?: boolean;
}

/** A user the server makes and holds the keys of (real device keys, cross-signed). */
export function createServerUser(baseUrl: string, request: ServerUserRequest): Promise<ServerUser> {
  return call(baseUrl, 'POST', 'users', request);
}

export async function createServerUsers(baseUrl: string, requests: ServerUserRequest[]): Promise<ServerUser[]> {
  return (await call<{ users: ServerUser[] }>(baseUrl, 'POST', 'users', { users: requests })).users;
}

export interface RoomRequest {
  creator: string;
  name?: string;
  alias?: string;
  encrypted?: boolean;
  members?: string[];
  invited?: string[];
  generatedMembers?: number;
  generatedPrefix?: string;
  messages?: number;
}

export interface CreatedRoom {
  roomId: string;
  alias: string | null;
  members: string[];
  invited: string[];
  generated: ServerUser[];
  ms: number;
}

/** A room made server-side, members joined (each invited, then joining), optionally filled with server-made members. */
export function createRoom(baseUrl: string, request: RoomRequest): Promise<CreatedRoom> {
  return call(baseUrl, 'POST', 'rooms', request);
}

export function changeMembership(
  baseUrl: string,
  roomId: string,
  change: { user: string; membership: 'join' | 'leave' | 'invite' | 'kick'; by?: string },
): Promise<{ eventId: string | null }> {
  return call(baseUrl, 'POST', `rooms/${encodeURIComponent(roomId)}/membership`, change);
}

export function sendPlainMessage(baseUrl: string, roomId: string, sender: string, body: string): Promise<{ eventId: string }> {
  return call(baseUrl, 'POST', `rooms/${encodeURIComponent(roomId)}/messages`, { sender, body });
}

/** A new device of a server-made user, cross-signed by them unless `crossSigned: false` (an honest new login). */
export function addServerDevice(
  baseUrl: string,
  userId: string,
  options: { dehydrated?: boolean; crossSigned?: boolean } = {},
): Promise<{ deviceId: string; accessToken: string | null; dehydrated: boolean }> {
  return call(baseUrl, 'POST', `users/${encodeURIComponent(userId)}/devices`, options);
}

export function deleteServerDevice(baseUrl: string, userId: string, deviceId: string): Promise<void> {
  return call(baseUrl, 'DELETE', `users/${encodeURIComponent(userId)}/devices/${encodeURIComponent(deviceId)}`, {});
}

/** An identity reset a server-made user makes themself: new cross-signing keys for everyone. */
export function resetServerIdentity(baseUrl: string, userId: string): Promise<{ masterKey: string }> {
  return call(baseUrl, 'POST', `users/${encodeURIComponent(userId)}/reset-identity`, {});
}

/** The client-server requests answered since `mark` (0: all kept), and the mark to pass next time. */
export function requestLog(baseUrl: string, mark = 0): Promise<{ mark: number; requests: LoggedRequest[] }> {
  return call(baseUrl, 'GET', `requests?since=${mark}`);
}

/**
 * Resolves once `deviceId` of `userId` has received and processed everything
 * the server had for it when called: the server nudges the user's sync (an
 * account-data change no client acts on) and this waits for the device's next
 * sync request from at or past that point. Call it twice before asserting that
 * a client did not react: the reactions of one sync (a /keys/query) start
 * while the next sync waits.
 */
export async function syncedPastNow(baseUrl: string, userId: string, deviceId: string, timeoutMs = 5_000): Promise<void> {
  const { mark } = await requestLog(baseUrl, Number.MAX_SAFE_INTEGER);
  const { position } = await call<{ position: number }>(baseUrl, 'POST', `users/${encodeURIComponent(userId)}/nudge`, {});
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { requests } = await requestLog(baseUrl, mark);
    const caughtUp = requests.some(
      (r) => r.endpoint === 'sync' && r.deviceId === deviceId && Number(/[?&]since=s(\d+)/.exec(r.url)?.[1] ?? -1) >= position,
    );
    if (caughtUp) return;
    if (Date.now() > deadline) {
      const recent = (await requestLog(baseUrl, Math.max(0, mark - 200))).requests;
      // Requests still open from any device: a browser holds few connections per server, shared by its pages.
      const open = recent.filter((r) => r.status === 0).map((r) => `${r.deviceId ?? 'anonymous'} ${r.endpoint}`);
      throw new Error(
        `${userId} (${deviceId}) did not sync past position ${position} within ${timeoutMs} ms; ` +
          `its last requests: ${describeRequests(recent.filter((r) => r.deviceId === deviceId))}; ` +
          `open from any device: ${open.length === 0 ? 'none' : open.join(', ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What a device asked for, for an error message: each request's endpoint, age, status and how long its answer took. */
function describeRequests(requests: LoggedRequest[]): string {
  if (requests.length === 0) return 'none';
  const now = Date.now();
  return requests
    .slice(-12)
    .map(
      (r) =>
        `${r.method} ${r.endpoint === 'sync' ? r.url.replace(/^.*\?/, 'sync?').replace(/filter=[^&]*&?/, '') : r.endpoint} ${now - r.time} ms ago → ` +
        (r.answeredAt ? `${r.status} after ${r.answeredAt - r.time} ms` : 'not answered yet'),
    )
    .join('; ');
}
