// Accounts the server makes and holds the keys of (admin API): real device
// keys and cross-signing, made in well under a millisecond per user, so a test
// can fill a 1,000-member room in a second or so. The server signs for them
// (a new device, an identity reset) as their own client would.

import { crossSignDevice, makeCrossSigning, makeDevice } from '../crypto/device-keys';
import { MatrixError } from '../errors';
import type { Homeserver, ServerHeldKeys } from '../homeserver';
import { newDeviceId, newSecret } from '../ids';

export interface MadeUser {
  userId: string;
  password: string;
  devices: Array<{ deviceId: string; accessToken: string | null; dehydrated: boolean }>;
  /** The master key's public key, or null for a user without cross-signing. */
  masterKey: string | null;
}

export interface MakeUserOptions {
  userId: string;
  displayName?: string;
  password?: string;
  /** Publish cross-signing keys (default true); false is a user of an old client or a bridge. */
  crossSigning?: boolean;
  /** How many logged-in devices (default 1). */
  devices?: number;
  /** Also publish a dehydrated device (MSC3814), cross-signed. */
  dehydratedDevice?: boolean;
}

function held(hs: Homeserver, userId: string): ServerHeldKeys {
  const keys = hs.heldKeys.get(userId);
  if (!keys) throw new MatrixError(400, 'M_INVALID_PARAM', `${userId} was not made by the server: it holds none of their keys`);
  return keys;
}

export function makeUser(hs: Homeserver, options: MakeUserOptions): MadeUser {
  const password = options.password ?? newSecret();
  const { userId } = hs.accounts.create(
    options.userId,
    password,
    options.displayName ?? options.userId.slice(1, options.userId.indexOf(':')),
    'server',
  );
  const keys: ServerHeldKeys = { master: null, selfSigning: null, userSigning: null, devices: new Map() };
  hs.heldKeys.set(userId, keys);
  if (options.crossSigning !== false) {
    const made = makeCrossSigning(userId);
    hs.keys.putCrossSigningKeys(userId, { master: made.master, selfSigning: made.selfSigning, userSigning: made.userSigning }, true);
    Object.assign(keys, made.keys);
  }
  const devices = [];
  for (let i = 0; i < (options.devices ?? 1); i++) devices.push(addDevice(hs, userId, { announce: false }));
  if (options.dehydratedDevice) devices.push(addDevice(hs, userId, { dehydrated: true, announce: false }));
  return { userId, password, devices, masterKey: keys.master?.publicKey ?? null };
}

/**
 * A new device of a server-held user, cross-signed when the user has
 * cross-signing (an honest new login, verified by its owner). A dehydrated
 * device replaces the previous one, as a client's weekly rotation does.
 */
export function addDevice(
  hs: Homeserver,
  userId: string,
  options: { dehydrated?: boolean; crossSigned?: boolean; announce?: boolean } = {},
): { deviceId: string; accessToken: string | null; dehydrated: boolean } {
  const keys = held(hs, userId);
  let deviceId: string;
  let accessToken: string | null = null;
  if (options.dehydrated) {
    const previous = hs.accounts.devicesOf(userId).find((d) => d.dehydrated);
    if (previous) hs.deleteDevice(userId, previous.deviceId);
    deviceId = newDeviceId();
    hs.accounts.addDehydratedDevice(userId, deviceId, 'Dehydrated device', { algorithm: 'server-made', note: 'not a real pickle' });
  } else {
    const { session } = hs.accounts.login(userId, undefined, 'server-made device');
    deviceId = session.deviceId;
    accessToken = session.accessToken;
  }
  const device = makeDevice(userId, deviceId, {
    displayName: options.dehydrated ? 'Dehydrated device' : 'server-made device',
    extra: options.dehydrated ? { dehydrated: true } : {},
  });
  const published =
    keys.selfSigning && options.crossSigned !== false ? crossSignDevice(device.deviceKeys, keys.selfSigning) : device.deviceKeys;
  hs.keys.putDeviceKeys(userId, deviceId, published);
  hs.keys.setFallbackKeys(userId, deviceId, device.fallbackKey);
  keys.devices.set(deviceId, { ed25519: device.ed25519, curve25519: device.curve25519 });
  if (options.announce !== false) hs.keys.markChanged(userId);
  return { deviceId, accessToken, dehydrated: options.dehydrated === true };
}

/** An identity reset the user made: new cross-signing keys for everyone (the owner too), every device signed again. */
export function resetIdentity(hs: Homeserver, userId: string): { masterKey: string } {
  const keys = held(hs, userId);
  const made = makeCrossSigning(userId);
  hs.keys.putCrossSigningKeys(userId, { master: made.master, selfSigning: made.selfSigning, userSigning: made.userSigning }, true);
  Object.assign(keys, made.keys);
  for (const device of hs.accounts.devicesOf(userId)) {
    const published = hs.keys.deviceKeysOf(userId, device.deviceId);
    if (published) hs.keys.putDeviceKeys(userId, device.deviceId, crossSignDevice(published, made.keys.selfSigning));
  }
  hs.keys.markChanged(userId);
  return { masterKey: made.keys.master.publicKey };
}
