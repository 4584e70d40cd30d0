// Real Matrix users, devices and cross-signing made by matrix-sdk-crypto (the
// Rust crypto of Element, compiled to WebAssembly), with no homeserver: each
// device's /keys/upload body, each cross-signing upload and each signature upload
// is taken from the library and assembled into the /keys/query response a
// homeserver would serve. A second, unrelated machine then reads that response
// and gives the reference verdict.

import { DeviceId, KeysUploadRequest, OlmMachine, RequestType, UserId, initAsync } from '@matrix-org/matrix-sdk-crypto-wasm';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RealUser {
  userId: string;
  deviceIds: string[];
  /** Devices created after cross-signing was set up and never signed. */
  unsignedDeviceIds: string[];
  /** master_keys[userId], self_signing_keys[userId] and device_keys[userId] as a server would serve them. */
  masterKey: Json;
  selfSigningKey: Json;
  userSigningKey: Json;
  devices: Json;
  /** The self-signing private key seed (unpadded base64), for forging "another user's" signatures. */
  selfSigningSeed: string;
}

export interface KeysQueryResponseJson {
  device_keys: Json;
  master_keys: Json;
  self_signing_keys: Json;
  failures: Json;
}

let ready: Promise<void> | undefined;
export function initReference(): Promise<void> {
  return (ready ??= initAsync());
}

interface NewDevice {
  machine: OlmMachine;
  deviceKeys: Json;
}

/** A fresh device: its machine and the signed device keys it uploads. */
async function newDevice(userId: string, deviceId: string): Promise<NewDevice> {
  const machine = await OlmMachine.initialize(new UserId(userId), new DeviceId(deviceId));
  const upload = (await machine.outgoingRequests()).find((r): r is KeysUploadRequest => r instanceof KeysUploadRequest);
  if (!upload) throw new Error(`${deviceId}: no device-keys upload`);
  await machine.markRequestAsSent(upload.id, RequestType.KeysUpload, JSON.stringify({ one_time_key_counts: { signed_curve25519: 50 } }));
  return { machine, deviceKeys: JSON.parse(upload.body).device_keys };
}

/** Sets an own member, even one named "__proto__", as JSON.parse would. */
export function setOwn(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Adds every signature in `signed.signatures` to `target.signatures`. */
function mergeSignatures(target: Json, signed: Json): void {
  for (const [signer, byKey] of Object.entries<Json>(signed.signatures ?? {})) {
    target.signatures[signer] = { ...(target.signatures[signer] ?? {}), ...byKey };
  }
}

/** Applies a /keys/signatures/upload body to the user's published keys. */
function applySignatureUpload(body: Json, user: { devices: Json; masterKey: Json }): void {
  for (const byId of Object.values<Json>(body)) {
    for (const [id, signed] of Object.entries<Json>(byId)) {
      if (Object.hasOwn(user.devices, id)) mergeSignatures(user.devices[id], signed);
      else if (signed.usage?.includes('master')) mergeSignatures(user.masterKey, signed);
    }
  }
}

/** Feeds `machine` a /keys/query response for `userIds`, as if its homeserver had answered. */
export async function receiveKeysQuery(machine: OlmMachine, userIds: string[], response: Json): Promise<void> {
  const request = machine.queryKeysForUsers(userIds.map((u) => new UserId(u)));
  await machine.markRequestAsSent(request.id, RequestType.KeysQuery, JSON.stringify(response));
}

export interface UserOptions {
  /** Devices that appear after cross-signing was set up and are never signed. */
  unsignedDeviceIds?: string[];
  /** Device keys already published under this user id, which the new identity adopts and signs. */
  adoptDevices?: Json;
}

/**
 * A user whose first device sets up cross-signing and then signs the other
 * `deviceIds` (as verifying one's own new devices does), plus unsigned devices
 * that appear afterwards and are never signed.
 */
export async function makeRealUser(userId: string, deviceIds: string[], options: UserOptions = {}): Promise<RealUser> {
  const { unsignedDeviceIds = [], adoptDevices = {} } = options;
  const [primaryId, ...newIds] = deviceIds;
  if (primaryId === undefined) throw new Error('a user needs a device to set up cross-signing');
  const primary = await newDevice(userId, primaryId);
  const others = await Promise.all(newIds.map((id) => newDevice(userId, id)));

  const bootstrap = await primary.machine.bootstrapCrossSigning(true);
  const signingKeys = JSON.parse(bootstrap.uploadSigningKeysRequest.body);
  const user = { masterKey: signingKeys.master_key as Json, devices: structuredClone(adoptDevices) };
  setOwn(user.devices, primaryId, primary.deviceKeys);
  applySignatureUpload(JSON.parse(bootstrap.uploadSignaturesRequest.body), user);
  others.forEach((device, i) => setOwn(user.devices, newIds[i]!, device.deviceKeys));

  // The primary device learns its own other devices, then signs each one.
  await receiveKeysQuery(primary.machine, [userId], {
    device_keys: { [userId]: user.devices },
    master_keys: { [userId]: user.masterKey },
    self_signing_keys: { [userId]: signingKeys.self_signing_key },
    user_signing_keys: { [userId]: signingKeys.user_signing_key },
  });
  for (const deviceId of [...newIds, ...Object.keys(adoptDevices)]) {
    const device = await primary.machine.getDevice(new UserId(userId), new DeviceId(deviceId));
    if (!device) throw new Error(`${deviceId}: unknown to the primary device`);
    applySignatureUpload(JSON.parse((await device.verify()).body), user);
    device.free();
  }
  for (const deviceId of unsignedDeviceIds) {
    const late = await newDevice(userId, deviceId);
    setOwn(user.devices, deviceId, late.deviceKeys);
    late.machine.close();
  }

  const exported = await primary.machine.exportCrossSigningKeys();
  const selfSigningSeed = exported?.self_signing_key;
  if (!selfSigningSeed) throw new Error('no self-signing seed exported');
  primary.machine.close();
  others.forEach((d) => d.machine.close());

  // Servers add an unsigned section; it must not matter.
  for (const [id, keys] of Object.entries<Json>(user.devices)) keys.unsigned = { device_display_name: `${id} on a test client` };
  return {
    userId,
    deviceIds: [...Object.keys(adoptDevices), ...deviceIds],
    unsignedDeviceIds,
    masterKey: user.masterKey,
    selfSigningKey: signingKeys.self_signing_key,
    userSigningKey: signingKeys.user_signing_key,
    devices: user.devices,
    selfSigningSeed,
  };
}

/**
 * Replaces `victim`'s cross-signing identity the way a malicious homeserver
 * could: a new device under the victim's name sets up a new master and
 * self-signing key and signs the victim's existing devices. Every signature is
 * valid; only the master key (the identity) differs.
 */
export function makeUsurpedUser(victim: RealUser, attackerDeviceId: string): Promise<RealUser> {
  return makeRealUser(victim.userId, [attackerDeviceId], { adoptDevices: victim.devices });
}

/** One /keys/query response holding the given users, deep-copied so tampering stays local. */
export function responseFor(...users: RealUser[]): KeysQueryResponseJson {
  const response: KeysQueryResponseJson = { device_keys: {}, master_keys: {}, self_signing_keys: {}, failures: {} };
  for (const user of users) {
    response.device_keys[user.userId] = user.devices;
    response.master_keys[user.userId] = user.masterKey;
    response.self_signing_keys[user.userId] = user.selfSigningKey;
  }
  return structuredClone(response);
}

export interface ReferenceVerdict {
  /** Unpadded base64 master key of the identity the reference accepted, or null if it accepted none. */
  masterKey: string | null;
  /** Device id -> isCrossSignedByOwner(); false for a device the reference refused to store. */
  devices: Map<string, boolean>;
  /** The devices it stored: the ones it keeps, and would encrypt to. */
  stored: Set<string>;
}

/** What matrix-sdk-crypto concludes from `response`, read by a machine of an unrelated user. */
export async function referenceVerdicts(response: Json, userIds: string[]): Promise<Map<string, ReferenceVerdict>> {
  const observer = await OlmMachine.initialize(new UserId('@observer:keywatch.test'), new DeviceId('OBSERVER'));
  try {
    await receiveKeysQuery(observer, userIds, response);
    const verdicts = new Map<string, ReferenceVerdict>();
    for (const userId of userIds) {
      const identity = await observer.getIdentity(new UserId(userId));
      const masterKey = identity ? (Object.values(JSON.parse(identity.masterKey).keys)[0] as string) : null;
      identity?.free();
      const devices = new Map<string, boolean>();
      const stored = new Set<string>();
      for (const deviceId of Object.keys(response.device_keys?.[userId] ?? {})) {
        const device = await observer.getDevice(new UserId(userId), new DeviceId(deviceId));
        devices.set(deviceId, device?.isCrossSignedByOwner() ?? false);
        if (device) stored.add(deviceId);
        device?.free();
      }
      verdicts.set(userId, { masterKey, devices, stored });
    }
    return verdicts;
  } finally {
    observer.close();
  }
}
