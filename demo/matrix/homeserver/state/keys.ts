// Encryption keys the clients publish: device keys, one-time and fallback keys,
// cross-signing keys and the signatures on them, and the log of device-list
// changes that sync's `device_lists.changed` is made from.

import { badJson, invalidParam, MatrixError } from '../errors';
import { hasValidSignature, type SignedObject } from '../crypto/keys';
import type { Stream } from './stream';

export type DeviceKeys = SignedObject & {
  user_id: string;
  device_id: string;
  algorithms: string[];
  keys: Record<string, string>;
  dehydrated?: boolean;
};

export type CrossSigningKey = SignedObject & { user_id: string; usage: string[]; keys: Record<string, string> };

export type KeyObject = SignedObject | string;

/** What one user publishes, as /keys/query shows it to one viewer. Attacks rewrite copies of it. */
export interface UserKeys {
  devices: Record<string, DeviceKeys>;
  master?: CrossSigningKey;
  selfSigning?: CrossSigningKey;
  /** Only the owner is ever shown their user-signing key. */
  userSigning?: CrossSigningKey;
}

export type CrossSigningUsage = 'master' | 'self_signing' | 'user_signing';

interface CrossSigning {
  master?: CrossSigningKey;
  selfSigning?: CrossSigningKey;
  userSigning?: CrossSigningKey;
}

const deviceSlot = (userId: string, deviceId: string) => `${userId}|${deviceId}`;

/** The one Ed25519 public key of a cross-signing key, or null when it has not exactly one. */
export function crossSigningPublicKey(key: CrossSigningKey | undefined): string | null {
  const ids = Object.keys(key?.keys ?? {});
  if (ids.length !== 1 || !ids[0]!.startsWith('ed25519:')) return null;
  return key!.keys[ids[0]!]!;
}

export class KeyStore {
  private readonly deviceKeys = new Map<string, Map<string, DeviceKeys>>();
  private readonly oneTimeKeys = new Map<string, Map<string, KeyObject>>();
  private readonly fallbackKeys = new Map<string, Map<string, { keyId: string; key: KeyObject; used: boolean }>>();
  private readonly crossSigning = new Map<string, CrossSigning>();
  /** Signatures other users' user-signing keys made on a master key: target → signer → key id → signature. */
  private readonly foreignSignatures = new Map<string, Map<string, Record<string, string>>>();
  private readonly changeLog: Array<{ userId: string; position: number }> = [];
  /** Signatures a user made on others' master keys: only the signer hears of them (as Synapse does). */
  private readonly signatureLog: Array<{ signer: string; userId: string; position: number }> = [];

  constructor(private readonly stream: Stream) {}

  /** Records that `userId`'s devices or cross-signing keys changed, for `device_lists.changed` and /keys/changes. */
  markChanged(userId: string): number {
    const position = this.stream.advance();
    this.changeLog.push({ userId, position });
    return position;
  }

  /**
   * Records that `signer` signed `userId`'s master key: the signer's devices must fetch `userId`'s keys again to see
   * the signature, so `userId` is in the signer's `device_lists.changed`, and nobody else's.
   */
  markSignedBy(signer: string, userId: string): number {
    const position = this.stream.advance();
    this.signatureLog.push({ signer, userId, position });
    return position;
  }

  /** Users whose keys changed after position `since` (up to now). */
  changedSince(since: number): Set<string> {
    const changed = new Set<string>();
    for (let i = this.changeLog.length - 1; i >= 0 && this.changeLog[i]!.position > since; i--) changed.add(this.changeLog[i]!.userId);
    return changed;
  }

  changedBetween(from: number, to: number): Set<string> {
    return new Set(this.changeLog.filter((c) => c.position > from && c.position <= to).map((c) => c.userId));
  }

  /** Users whose master key `signer` signed after `from`, up to `to`. */
  signedBySince(signer: string, from: number, to = Number.POSITIVE_INFINITY): Set<string> {
    return new Set(this.signatureLog.filter((c) => c.signer === signer && c.position > from && c.position <= to).map((c) => c.userId));
  }

  // Device keys ---------------------------------------------------------------

  /** Stores a device's keys; true when they are new or differ from what was stored. */
  putDeviceKeys(userId: string, deviceId: string, keys: unknown): boolean {
    const checked = checkDeviceKeys(keys, userId, deviceId);
    const devices = this.deviceKeys.get(userId) ?? new Map<string, DeviceKeys>();
    this.deviceKeys.set(userId, devices);
    const before = devices.get(deviceId);
    if (before && JSON.stringify(before) === JSON.stringify(checked)) return false;
    if (before && before.keys[`ed25519:${deviceId}`] !== checked.keys[`ed25519:${deviceId}`]) {
      // A device's identity key is fixed for its lifetime (spec, "Uploading keys"): a new one needs a new device id.
      throw new MatrixError(400, 'M_INVALID_PARAM', `device ${deviceId} already has another ed25519 key`);
    }
    devices.set(deviceId, checked);
    return true;
  }

  deviceKeysOf(userId: string, deviceId: string): DeviceKeys | undefined {
    return this.deviceKeys.get(userId)?.get(deviceId);
  }

  deleteDevice(userId: string, deviceId: string): void {
    this.deviceKeys.get(userId)?.delete(deviceId);
    this.oneTimeKeys.delete(deviceSlot(userId, deviceId));
    this.fallbackKeys.delete(deviceSlot(userId, deviceId));
  }

  // One-time and fallback keys -------------------------------------------------

  addOneTimeKeys(userId: string, deviceId: string, keys: unknown): void {
    const slot = deviceSlot(userId, deviceId);
    const stored = this.oneTimeKeys.get(slot) ?? new Map<string, KeyObject>();
    for (const [keyId, key] of Object.entries(checkKeyMap(keys, 'one_time_keys'))) stored.set(keyId, key);
    this.oneTimeKeys.set(slot, stored);
  }

  /** Replaces the fallback key of each algorithm given (spec: one per algorithm). */
  setFallbackKeys(userId: string, deviceId: string, keys: unknown): void {
    const slot = deviceSlot(userId, deviceId);
    const stored = this.fallbackKeys.get(slot) ?? new Map();
    for (const [keyId, key] of Object.entries(checkKeyMap(keys, 'fallback_keys'))) {
      stored.set(algorithmOf(keyId), { keyId, key, used: false });
    }
    this.fallbackKeys.set(slot, stored);
  }

  oneTimeKeyCounts(userId: string, deviceId: string): Record<string, number> {
    const counts: Record<string, number> = { signed_curve25519: 0 };
    for (const keyId of this.oneTimeKeys.get(deviceSlot(userId, deviceId))?.keys() ?? []) {
      counts[algorithmOf(keyId)] = (counts[algorithmOf(keyId)] ?? 0) + 1;
    }
    return counts;
  }

  unusedFallbackKeyTypes(userId: string, deviceId: string): string[] {
    return [...(this.fallbackKeys.get(deviceSlot(userId, deviceId))?.entries() ?? [])].filter(([, k]) => !k.used).map(([a]) => a);
  }

  /** Takes a one-time key of `algorithm`, else hands out the fallback key (which stays). */
  claim(userId: string, deviceId: string, algorithm: string): Record<string, KeyObject> | null {
    const slot = deviceSlot(userId, deviceId);
    const keys = this.oneTimeKeys.get(slot);
    for (const [keyId, key] of keys ?? []) {
      if (algorithmOf(keyId) !== algorithm) continue;
      keys!.delete(keyId);
      return { [keyId]: key };
    }
    const fallback = this.fallbackKeys.get(slot)?.get(algorithm);
    if (!fallback) return null;
    fallback.used = true;
    return { [fallback.keyId]: fallback.key };
  }

  // Cross-signing ---------------------------------------------------------------

  crossSigningOf(userId: string): Readonly<CrossSigning> {
    return this.crossSigning.get(userId) ?? {};
  }

  /**
   * Stores uploaded cross-signing keys after checking their shape and the master
   * key's signatures on the others. `madeHere`: keys this server just made and
   * signed itself (server-made users), whose signatures need no second check.
   */
  putCrossSigningKeys(userId: string, upload: { master?: unknown; selfSigning?: unknown; userSigning?: unknown }, madeHere = false): void {
    const current = this.crossSigning.get(userId) ?? {};
    const master = upload.master === undefined ? current.master : checkCrossSigningKey(upload.master, userId, 'master');
    const masterKey = crossSigningPublicKey(master);
    const next: CrossSigning = { ...current, master };
    for (const [field, usage] of [
      ['selfSigning', 'self_signing'],
      ['userSigning', 'user_signing'],
    ] as const) {
      const given = upload[field];
      if (given === undefined) continue;
      const key = checkCrossSigningKey(given, userId, usage);
      if (!masterKey) throw new MatrixError(400, 'M_MISSING_PARAM', `a ${usage} key needs a master key`);
      if (!madeHere && !hasValidSignature(key, userId, masterKey, masterKey)) {
        throw new MatrixError(400, 'M_INVALID_SIGNATURE', `the ${usage} key is not signed by the master key`);
      }
      next[field] = key;
    }
    if (upload.master !== undefined && crossSigningPublicKey(current.master) !== masterKey) {
      // A new master key: the old user-signing key's signatures on other users no longer count, nor others' on the old key.
      this.foreignSignatures.delete(userId);
      if (upload.selfSigning === undefined) delete next.selfSigning;
      if (upload.userSigning === undefined) delete next.userSigning;
    }
    this.crossSigning.set(userId, next);
  }

  /**
   * Adds uploaded signatures (POST /keys/signatures/upload) after checking each:
   * the owner's self-signing key on their devices, the owner's devices on their
   * master key, or the uploader's user-signing key on another user's master key.
   */
  addSignatures(uploader: string, targetUser: string, keyId: string, signed: SignedObject): void {
    const own = targetUser === uploader;
    const device = own ? this.deviceKeysOf(uploader, keyId) : undefined;
    const master = this.crossSigning.get(targetUser)?.master;
    const masterKey = crossSigningPublicKey(master);
    if (device) {
      const selfSigningKey = crossSigningPublicKey(this.crossSigning.get(uploader)?.selfSigning);
      if (!selfSigningKey || !hasValidSignature({ ...device, signatures: signed.signatures }, uploader, selfSigningKey, selfSigningKey)) {
        throw new MatrixError(400, 'M_INVALID_SIGNATURE', `no valid self-signing signature on device ${keyId}`);
      }
      mergeSignature(device, uploader, `ed25519:${selfSigningKey}`, signed.signatures![uploader]![`ed25519:${selfSigningKey}`]!);
      return;
    }
    if (!master || keyId !== masterKey) throw new MatrixError(404, 'M_NOT_FOUND', `${targetUser} has no device or master key ${keyId}`);
    if (own) {
      let added = 0;
      for (const [signer, signature] of Object.entries(signed.signatures?.[uploader] ?? {})) {
        const signingDevice = this.deviceKeysOf(uploader, signer.replace(/^ed25519:/, ''));
        const deviceKey = signingDevice?.keys[signer];
        if (
          deviceKey &&
          signer !== `ed25519:${masterKey}` &&
          hasValidSignature({ ...master, signatures: signed.signatures }, uploader, signer.slice(8), deviceKey)
        ) {
          mergeSignature(master, uploader, signer, signature);
          added++;
        }
      }
      if (added === 0) throw new MatrixError(400, 'M_INVALID_SIGNATURE', 'no valid device signature on the master key');
      return;
    }
    const userSigningKey = crossSigningPublicKey(this.crossSigning.get(uploader)?.userSigning);
    if (!userSigningKey || !hasValidSignature({ ...master, signatures: signed.signatures }, uploader, userSigningKey, userSigningKey)) {
      throw new MatrixError(400, 'M_INVALID_SIGNATURE', `no valid user-signing signature on ${targetUser}'s master key`);
    }
    const bySigner = this.foreignSignatures.get(targetUser) ?? new Map<string, Record<string, string>>();
    bySigner.set(uploader, { [`ed25519:${userSigningKey}`]: signed.signatures![uploader]![`ed25519:${userSigningKey}`]! });
    this.foreignSignatures.set(targetUser, bySigner);
  }

  /** What `userId` publishes, as `viewer` is served it (a copy: callers may change it). */
  userKeys(userId: string, viewer: string): UserKeys {
    const cross = this.crossSigning.get(userId) ?? {};
    const keys: UserKeys = { devices: Object.fromEntries(this.deviceKeys.get(userId) ?? []) };
    if (cross.master) {
      const master = structuredClone(cross.master);
      // Signatures by other users' user-signing keys are shown to their signer only (as Synapse does).
      const viewerSignature = this.foreignSignatures.get(userId)?.get(viewer);
      if (viewerSignature) master.signatures = { ...master.signatures, [viewer]: { ...master.signatures?.[viewer], ...viewerSignature } };
      keys.master = master;
    }
    if (cross.selfSigning) keys.selfSigning = cross.selfSigning;
    if (cross.userSigning && viewer === userId) keys.userSigning = cross.userSigning;
    return structuredClone(keys);
  }
}

function mergeSignature(object: SignedObject, userId: string, keyId: string, signature: string): void {
  const signatures = (object.signatures ??= {});
  signatures[userId] = { ...signatures[userId], [keyId]: signature };
}

function algorithmOf(keyId: string): string {
  const colon = keyId.indexOf(':');
  return colon < 0 ? keyId : keyId.slice(0, colon);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkKeyMap(value: unknown, what: string): Record<string, KeyObject> {
  if (!isObject(value)) throw badJson(`${what} must be an object of key id to key`);
  for (const [keyId, key] of Object.entries(value)) {
    if (!keyId.includes(':')) throw invalidParam(`${what}: key id ${keyId} is not algorithm:id`);
    if (typeof key !== 'string' && !isObject(key)) throw badJson(`${what}: ${keyId} must be a key`);
  }
  return value as Record<string, KeyObject>;
}

function checkDeviceKeys(value: unknown, userId: string, deviceId: string): DeviceKeys {
  if (!isObject(value)) throw badJson('device_keys must be an object');
  if (value.user_id !== userId) throw invalidParam(`device_keys.user_id must be ${userId}`);
  if (value.device_id !== deviceId) throw invalidParam(`device_keys.device_id must be ${deviceId}`);
  if (!Array.isArray(value.algorithms) || !value.algorithms.every((a) => typeof a === 'string')) {
    throw badJson('device_keys.algorithms must be a list of strings');
  }
  if (
    !isObject(value.keys) ||
    typeof value.keys[`ed25519:${deviceId}`] !== 'string' ||
    typeof value.keys[`curve25519:${deviceId}`] !== 'string'
  ) {
    throw badJson(`device_keys.keys must hold ed25519:${deviceId} and curve25519:${deviceId}`);
  }
  if (!isObject(value.signatures)) throw badJson('device_keys.signatures must be an object');
  return structuredClone(value) as DeviceKeys;
}

function checkCrossSigningKey(value: unknown, userId: string, usage: CrossSigningUsage): CrossSigningKey {
  if (!isObject(value)) throw badJson(`the ${usage} key must be an object`);
  if (value.user_id !== userId) throw invalidParam(`the ${usage} key's user_id must be ${userId}`);
  if (!Array.isArray(value.usage) || !value.usage.includes(usage)) throw invalidParam(`the ${usage} key's usage must include ${usage}`);
  const key = value as CrossSigningKey;
  const publicKey = isObject(value.keys) ? crossSigningPublicKey(key) : null;
  if (!publicKey || key.keys[`ed25519:${publicKey}`] !== publicKey) {
    throw invalidParam(`the ${usage} key must hold exactly one ed25519 key, named after itself`);
  }
  return structuredClone(key);
}
