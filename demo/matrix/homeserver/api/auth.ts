// Accounts and logins (spec, "Client Authentication", "Device Management"):
// password login, registration behind m.login.dummy, whoami, logout, devices.

import { badJson, forbidden, MatrixError, notFound } from '../errors';
import type { Handler } from '../http/context';
import type { RequestContext } from '../http/context';
import { isValidLocalpart, newSecret } from '../ids';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The user id a login identifies: `identifier` (m.id.user) or the deprecated `user` field; a localpart means this server. */
function loginUserId(ctx: RequestContext): string {
  const body = ctx.json();
  const identifier = body.identifier as Record<string, unknown> | undefined;
  const given = identifier ? (identifier.type === 'm.id.user' ? str(identifier.user) : undefined) : str(body.user);
  if (identifier && identifier.type !== 'm.id.user') throw new MatrixError(400, 'M_UNKNOWN', 'only m.id.user identifiers are supported');
  if (!given) throw badJson('identifier.user is required');
  return given.startsWith('@') ? given : `@${given.toLowerCase()}:${ctx.hs.serverName}`;
}

function loginResponse(ctx: RequestContext, session: { userId: string; deviceId: string; accessToken: string }) {
  return {
    user_id: session.userId,
    access_token: session.accessToken,
    device_id: session.deviceId,
    home_server: ctx.hs.serverName,
    well_known: { 'm.homeserver': { base_url: ctx.baseUrl } },
  };
}

/** The password stage of user-interactive auth, for the logged-in user. */
export function requirePassword(ctx: RequestContext, purpose: string): void {
  const { userId } = ctx.auth();
  ctx.hs.uia.require(ctx.json().auth, 'm.login.password', `${userId} ${purpose}`, (auth) => {
    const identifier = auth.identifier as Record<string, unknown> | undefined;
    const named = str(identifier?.user) ?? str(auth.user) ?? userId;
    const namedId = named.startsWith('@') ? named : `@${named}:${ctx.hs.serverName}`;
    if (namedId !== userId) throw forbidden('the password stage must name the logged-in user');
    ctx.hs.accounts.checkPassword(userId, auth.password);
  });
}

export const getLoginFlows: Handler = () => ({ body: { flows: [{ type: 'm.login.password' }] } });

export const login: Handler = (ctx) => {
  const body = ctx.json();
  if (body.type !== 'm.login.password')
    throw new MatrixError(400, 'M_UNKNOWN', `login type ${String(body.type)} is not supported (m.login.password is)`);
  const userId = loginUserId(ctx);
  ctx.hs.accounts.checkPassword(userId, body.password);
  const { session } = ctx.hs.accounts.login(userId, str(body.device_id), str(body.initial_device_display_name) ?? null);
  return { body: loginResponse(ctx, session) };
};

export const register: Handler = (ctx) => {
  const body = ctx.json();
  if ((ctx.query.get('kind') ?? 'user') !== 'user')
    throw new MatrixError(403, 'M_GUEST_ACCESS_FORBIDDEN', 'guest accounts are not offered');
  const localpart = (str(body.username) ?? `user-${newSecret().toLowerCase()}`).toLowerCase();
  if (!isValidLocalpart(localpart)) throw new MatrixError(400, 'M_INVALID_USERNAME', `${localpart} is not a valid user name`);
  const userId = `@${localpart}:${ctx.hs.serverName}`;
  if (ctx.hs.accounts.account(userId)) throw new MatrixError(400, 'M_USER_IN_USE', `${userId} is taken`);
  const password = str(body.password);
  if (!password) throw badJson('password is required');
  ctx.hs.uia.require(body.auth, 'm.login.dummy', `register ${userId}`, () => {});
  ctx.hs.accounts.create(userId, password, localpart, 'client');
  if (body.inhibit_login === true) return { body: { user_id: userId, home_server: ctx.hs.serverName } };
  const { session } = ctx.hs.accounts.login(userId, str(body.device_id), str(body.initial_device_display_name) ?? null);
  return { body: loginResponse(ctx, session) };
};

export const registerAvailable: Handler = (ctx) => {
  const localpart = (ctx.query.get('username') ?? '').toLowerCase();
  if (!isValidLocalpart(localpart)) throw new MatrixError(400, 'M_INVALID_USERNAME', `${localpart} is not a valid user name`);
  if (ctx.hs.accounts.account(`@${localpart}:${ctx.hs.serverName}`)) throw new MatrixError(400, 'M_USER_IN_USE', 'taken');
  return { body: { available: true } };
};

export const whoami: Handler = (ctx) => {
  const { userId, deviceId } = ctx.auth();
  return { body: { user_id: userId, device_id: deviceId, is_guest: false } };
};

/** Logging out ends the device too (as Synapse does): its keys go and its contacts are told. */
export const logout: Handler = (ctx) => {
  const { userId, deviceId } = ctx.auth();
  ctx.hs.deleteDevice(userId, deviceId);
  return { body: {} };
};

export const logoutAll: Handler = (ctx) => {
  const { userId } = ctx.auth();
  for (const device of ctx.hs.accounts.devicesOf(userId)) if (!device.dehydrated) ctx.hs.deleteDevice(userId, device.deviceId);
  return { body: {} };
};

function deviceInfo(device: { deviceId: string; displayName: string | null; lastSeenTs: number }) {
  return {
    device_id: device.deviceId,
    display_name: device.displayName ?? undefined,
    last_seen_ts: device.lastSeenTs,
    last_seen_ip: '127.0.0.1',
  };
}

export const listDevices: Handler = (ctx) => {
  const { userId } = ctx.auth();
  return { body: { devices: ctx.hs.accounts.devicesOf(userId).map(deviceInfo) } };
};

export const getDevice: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const device = ctx.hs.accounts.device(userId, ctx.params.deviceId!);
  if (!device) throw notFound(`no device ${ctx.params.deviceId}`);
  return { body: deviceInfo(device) };
};

export const updateDevice: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const device = ctx.hs.accounts.device(userId, ctx.params.deviceId!);
  if (!device) throw notFound(`no device ${ctx.params.deviceId}`);
  const name = ctx.json().display_name;
  if (typeof name === 'string') device.displayName = name;
  return { body: {} };
};

export const deleteDevice: Handler = (ctx) => {
  const { userId } = ctx.auth();
  requirePassword(ctx, `delete device ${ctx.params.deviceId}`);
  if (!ctx.hs.deleteDevice(userId, ctx.params.deviceId!)) throw notFound(`no device ${ctx.params.deviceId}`);
  return { body: {} };
};

export const deleteDevices: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const ids = ctx.json().devices;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw badJson('devices must be a list of device ids');
  requirePassword(ctx, `delete devices ${ids.join(',')}`);
  for (const id of ids) ctx.hs.deleteDevice(userId, id);
  return { body: {} };
};
