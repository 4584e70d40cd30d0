// Accounts, their devices and access tokens. A device here is a login (an
// access token and a device id); its encryption keys live in state/keys.ts.

import { timingSafeEqual } from 'node:crypto';
import { forbidden, MatrixError } from '../errors';
import { newAccessToken, newDeviceId, parseUserId } from '../ids';

export interface Account {
  userId: string;
  password: string;
  displayName: string;
  /** 'client' for accounts registered over the API; 'server' for accounts made by the admin API (the server holds their keys). */
  origin: 'client' | 'server';
}

export interface Device {
  userId: string;
  deviceId: string;
  displayName: string | null;
  /** Dehydrated devices (MSC3814) have no access token; they hold the pickled device the owner uploaded. */
  dehydrated: { deviceData: unknown } | null;
  lastSeenTs: number;
}

export interface Session {
  userId: string;
  deviceId: string;
  accessToken: string;
}

export class Accounts {
  readonly users = new Map<string, Account>();
  private readonly devices = new Map<string, Map<string, Device>>();
  private readonly tokens = new Map<string, { userId: string; deviceId: string }>();

  constructor(readonly serverName: string) {}

  create(userId: string, password: string, displayName: string, origin: Account['origin']): Account {
    if (!parseUserId(userId)) throw new MatrixError(400, 'M_INVALID_USERNAME', `${userId} is not a valid user id`);
    if (this.users.has(userId)) throw new MatrixError(400, 'M_USER_IN_USE', `${userId} is taken`);
    const account: Account = { userId, password, displayName, origin };
    this.users.set(userId, account);
    this.devices.set(userId, new Map());
    return account;
  }

  account(userId: string): Account | undefined {
    return this.users.get(userId);
  }

  checkPassword(userId: string, password: unknown): Account {
    const account = this.users.get(userId);
    const given = Buffer.from(typeof password === 'string' ? password : '');
    const expected = Buffer.from(account?.password ?? '');
    if (!account || given.length !== expected.length || !timingSafeEqual(given, expected)) throw forbidden('Invalid username or password');
    return account;
  }

  /** A new login: an access token for `deviceId` (made up when not given; an existing id is logged in again). */
  login(userId: string, deviceId: string | undefined, displayName: string | null): { session: Session; isNewDevice: boolean } {
    const devices = this.devices.get(userId)!;
    const id = deviceId ?? this.freshDeviceId(userId);
    const existing = devices.get(id);
    if (existing?.dehydrated) throw forbidden(`${id} is a dehydrated device`);
    if (!existing) devices.set(id, { userId, deviceId: id, displayName, dehydrated: null, lastSeenTs: Date.now() });
    const accessToken = newAccessToken();
    this.tokens.set(accessToken, { userId, deviceId: id });
    return { session: { userId, deviceId: id, accessToken }, isNewDevice: !existing };
  }

  addDehydratedDevice(userId: string, deviceId: string, displayName: string | null, deviceData: unknown): void {
    this.devices.get(userId)!.set(deviceId, { userId, deviceId, displayName, dehydrated: { deviceData }, lastSeenTs: Date.now() });
  }

  session(accessToken: string): Session | null {
    const found = this.tokens.get(accessToken);
    return found ? { ...found, accessToken } : null;
  }

  device(userId: string, deviceId: string): Device | undefined {
    return this.devices.get(userId)?.get(deviceId);
  }

  devicesOf(userId: string): Device[] {
    return [...(this.devices.get(userId)?.values() ?? [])];
  }

  logout(accessToken: string): void {
    this.tokens.delete(accessToken);
  }

  /** Removes the device and every access token of it. */
  deleteDevice(userId: string, deviceId: string): boolean {
    for (const [token, owner] of this.tokens) if (owner.userId === userId && owner.deviceId === deviceId) this.tokens.delete(token);
    return this.devices.get(userId)?.delete(deviceId) ?? false;
  }

  private freshDeviceId(userId: string): string {
    for (;;) {
      const id = newDeviceId();
      if (!this.devices.get(userId)!.has(id)) return id;
    }
  }
}
