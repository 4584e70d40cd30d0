// window.matrixTest: what end-to-end drivers call in the page (documented in
// docs/matrix-homeserver.md, "The test client"). Every call goes through the
// same code as the visible UI; nothing here talks to the homeserver by itself
// except through the SDK.

import type { ClientSession } from './session';
import { acceptVerifications, bootstrapCrossSigning, crossSignOwnDevice, startDehydration, verifyDevice } from './crypto-setup';
import { type OpenOptions, type RoomsController, type ShownMessage } from './rooms';
import { deviceVerdicts, userVerdicts, type DeviceVerdict, type UserVerdict } from './verdicts';

export interface PageState {
  phase: ClientSession['phase'];
  error: string | null;
  userId: string | null;
  deviceId: string | null;
  openRoomId: string | null;
  rooms: Array<{ roomId: string; name: string; membership: string; encrypted: boolean; canonicalAlias: string | null }>;
}

export interface RoomMemberInfo {
  userId: string;
  membership: string;
  name: string;
  /** Loaded from /members (lazy loading) rather than from sync. */
  outOfBand: boolean;
}

export interface MatrixTestApi {
  /** Resolves once the page has started: logged out, or logged in and through its first sync. */
  ready(): Promise<PageState>;
  state(): PageState;
  register(localpart: string, password: string): Promise<PageState>;
  login(userId: string, password: string): Promise<PageState>;
  logout(): Promise<void>;
  /** Sets up cross-signing behind user-interactive auth; `reset` makes a new identity. Returns the master key. */
  bootstrapCrossSigning(password: string, options?: { reset?: boolean }): Promise<string | null>;
  /** Signs one's own other login (verifying it from this session). */
  crossSignOwnDevice(deviceId: string): Promise<void>;
  /** Secret storage and a dehydrated device (`dehydrated: true` in its keys). */
  startDehydration(): Promise<void>;
  /** Accept incoming verification requests and confirm the emoji automatically, until called with false. */
  acceptVerifications(on: boolean): void;
  /** Verify another user's device by emoji (SAS); their page must accept. */
  verifyDevice(userId: string, deviceId: string): Promise<void>;
  createRoom(options: { name?: string; alias?: string; invite?: string[]; encrypted?: boolean; isDirect?: boolean }): Promise<string>;
  invite(roomId: string, userId: string): Promise<void>;
  join(roomIdOrAlias: string): Promise<string>;
  leave(roomId: string): Promise<void>;
  /** Opens a room as Element does; resolves when its member list is loaded. */
  openRoom(roomIdOrAlias: string, options?: OpenOptions): Promise<string>;
  send(text: string, roomId?: string): Promise<string>;
  messages(roomId?: string): Promise<ShownMessage[]>;
  members(roomId?: string): RoomMemberInfo[];
  deviceVerdicts(userIds: string[]): Promise<Record<string, Record<string, DeviceVerdict>>>;
  userVerdicts(userIds: string[]): Promise<Record<string, UserVerdict>>;
  /** Saves the sync state to IndexedDB now (the SDK saves it at most every 5 minutes). */
  flushSyncStore(): Promise<void>;
}

export function createTestApi(session: ClientSession, rooms: RoomsController, started: Promise<void>): MatrixTestApi {
  const client = () => {
    if (!session.client) throw new Error('not logged in');
    return session.client;
  };
  let stopAccepting: (() => void) | null = null;
  const state = (): PageState => ({
    phase: session.phase,
    error: session.error,
    userId: session.client?.getUserId() ?? null,
    deviceId: session.client?.getDeviceId() ?? null,
    openRoomId: rooms.openRoomId,
    rooms: (session.client?.getRooms() ?? []).map((r) => ({
      roomId: r.roomId,
      name: r.name,
      membership: r.getMyMembership(),
      encrypted: r.hasEncryptionStateEvent(),
      canonicalAlias: r.getCanonicalAlias(),
    })),
  });
  return {
    ready: async () => {
      await started;
      return state();
    },
    state,
    register: async (localpart, password) => {
      await session.register(localpart, password);
      return state();
    },
    login: async (userId, password) => {
      await session.login(userId, password);
      return state();
    },
    logout: () => session.logout(),
    bootstrapCrossSigning: (password, options = {}) => bootstrapCrossSigning(client(), password, options.reset),
    crossSignOwnDevice: (deviceId) => crossSignOwnDevice(client(), deviceId),
    startDehydration: () => startDehydration(client()),
    acceptVerifications: (on) => {
      stopAccepting?.();
      stopAccepting = on ? acceptVerifications(client()) : null;
    },
    verifyDevice: (userId, deviceId) => verifyDevice(client(), userId, deviceId),
    createRoom: (options) => rooms.create(options),
    invite: (roomId, userId) => rooms.invite(roomId, userId),
    join: (target) => rooms.join(target),
    leave: (roomId) => rooms.leave(roomId),
    openRoom: async (target, options) => (await rooms.open(target, options)).roomId,
    send: (text, roomId) => rooms.send(text, roomId),
    messages: (roomId) => rooms.messages(roomId),
    members: (roomId = rooms.openRoomId ?? undefined) => {
      const room = roomId ? client().getRoom(roomId) : null;
      if (!room) throw new Error('no such room');
      return room
        .getMembers()
        .map((m) => ({ userId: m.userId, membership: m.membership ?? 'leave', name: m.name, outOfBand: m.isOutOfBand() }));
    },
    deviceVerdicts: (userIds) => deviceVerdicts(client(), userIds),
    userVerdicts: (userIds) => userVerdicts(client(), userIds),
    flushSyncStore: async () => {
      await client().store.save(true);
    },
  };
}

const STARTING: PageState = { phase: 'starting', error: null, userId: null, deviceId: null, openRoomId: null, rooms: [] };

/**
 * The API as installed before the page has read its configuration: every call
 * waits for the real one, so a driver may call as soon as the page's scripts ran.
 */
export function deferredTestApi(api: Promise<MatrixTestApi>): MatrixTestApi {
  let real: MatrixTestApi | null = null;
  void api.then((ready) => (real = ready));
  return new Proxy({} as MatrixTestApi, {
    get: (_target, key: string) =>
      key === 'state'
        ? () => real?.state() ?? STARTING
        : (...args: unknown[]) => api.then((ready) => (ready[key as keyof MatrixTestApi] as (...a: unknown[]) => unknown)(...args)),
  });
}
