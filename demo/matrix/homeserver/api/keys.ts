// End-to-end encryption keys (spec, "Key management API"): upload, query,
// claim, changes, cross-signing upload (behind user-interactive auth) and
// signature upload. Query, claim and changes go through the attack overlays.

import { badJson, invalidParam, MatrixError } from '../errors';
import type { Homeserver } from '../homeserver';
import type { Handler } from '../http/context';
import { parseUserId, serverOf } from '../ids';
import type { SignedObject } from '../crypto/keys';
import type { DeviceKeys, KeyObject } from '../state/keys';
import { parseToken } from '../state/stream';
import { requirePassword } from './auth';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const uploadKeys: Handler = (ctx) => {
  const { userId, deviceId } = ctx.auth();
  const body = ctx.json();
  const { keys } = ctx.hs;
  if (body.device_keys !== undefined && keys.putDeviceKeys(userId, deviceId, body.device_keys)) keys.markChanged(userId);
  if (body.one_time_keys !== undefined) keys.addOneTimeKeys(userId, deviceId, body.one_time_keys);
  const fallback = body.fallback_keys ?? body['org.matrix.msc2732.fallback_keys'];
  if (fallback !== undefined) keys.setFallbackKeys(userId, deviceId, fallback);
  return { body: { one_time_key_counts: keys.oneTimeKeyCounts(userId, deviceId) } };
};

/** The /keys/query answer for `viewer`: honest keys passed through every attack overlay. */
export function queryKeys(hs: Homeserver, viewer: string, wanted: Record<string, unknown>) {
  const response = {
    device_keys: {} as Record<string, Record<string, DeviceKeys>>,
    master_keys: {} as Record<string, unknown>,
    self_signing_keys: {} as Record<string, unknown>,
    user_signing_keys: {} as Record<string, unknown>,
    failures: {} as Record<string, unknown>,
  };
  for (const [userId, deviceIds] of Object.entries(wanted)) {
    if (!parseUserId(userId)) continue;
    if (!Array.isArray(deviceIds)) throw badJson(`device_keys.${userId} must be a list of device ids`);
    const failedServer = hs.attacks.keysFailure(userId, viewer) ?? (hs.serves(serverOf(userId)) ? null : serverOf(userId));
    if (failedServer) {
      response.failures[failedServer] = { status: 503, message: `${failedServer} could not be reached` };
      continue;
    }
    const keys = hs.attacks.userKeys(userId, viewer, hs.keys.userKeys(userId, viewer));
    const devices =
      deviceIds.length === 0 ? keys.devices : Object.fromEntries(Object.entries(keys.devices).filter(([id]) => deviceIds.includes(id)));
    response.device_keys[userId] = devices;
    if (keys.master) response.master_keys[userId] = keys.master;
    if (keys.selfSigning) response.self_signing_keys[userId] = keys.selfSigning;
    if (keys.userSigning) response.user_signing_keys[userId] = keys.userSigning;
  }
  return response;
}

export const queryKeysHandler: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const wanted = ctx.json().device_keys;
  if (!isObject(wanted)) throw badJson('device_keys must be an object of user id to device ids');
  return { body: queryKeys(ctx.hs, userId, wanted) };
};

export const claimKeys: Handler = (ctx) => {
  ctx.auth();
  const wanted = ctx.json().one_time_keys;
  if (!isObject(wanted)) throw badJson('one_time_keys must be an object of user id to device id to algorithm');
  const claimed: Record<string, Record<string, Record<string, KeyObject>>> = {};
  const failures: Record<string, unknown> = {};
  for (const [userId, devices] of Object.entries(wanted)) {
    if (!isObject(devices)) throw badJson(`one_time_keys.${userId} must be an object`);
    if (!servesUser(ctx.hs, userId)) {
      failures[serverOf(userId)] = { status: 503, message: `${serverOf(userId)} could not be reached` };
      continue;
    }
    for (const [deviceId, algorithm] of Object.entries(devices)) {
      if (typeof algorithm !== 'string') throw badJson(`one_time_keys.${userId}.${deviceId} must be an algorithm name`);
      const key = ctx.hs.keys.claim(userId, deviceId, algorithm) ?? ctx.hs.attacks.claim(userId, deviceId, algorithm);
      if (key) (claimed[userId] ??= {})[deviceId] = key;
    }
  }
  return { body: { one_time_keys: claimed, failures } };
};

function servesUser(hs: Homeserver, userId: string): boolean {
  return parseUserId(userId) !== null && hs.serves(serverOf(userId));
}

export const keyChanges: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const from = parseToken(ctx.query.get('from') ?? '');
  const to = parseToken(ctx.query.get('to') ?? '');
  if (from === null || to === null) throw invalidParam('from and to must be sync tokens of this server');
  const sharedNow = ctx.hs.usersSharingRoomsWith(userId);
  const sharedThen = ctx.hs.usersSharingRoomsWith(userId, from);
  const changed = new Set([...ctx.hs.keys.changedBetween(from, to)].filter((u) => u === userId || sharedNow.has(u)));
  for (const u of sharedNow) if (!sharedThen.has(u)) changed.add(u);
  for (const u of ctx.hs.keys.signedBySince(userId, from, to)) changed.add(u);
  return {
    body: {
      changed: [...changed].filter((u) => !ctx.hs.attacks.withholdsDeviceListChange(u, userId)),
      left: [...sharedThen].filter((u) => !sharedNow.has(u)),
    },
  };
};

export const uploadCrossSigningKeys: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const body = ctx.json();
  requirePassword(ctx, 'upload cross-signing keys');
  ctx.hs.keys.putCrossSigningKeys(userId, {
    master: body.master_key,
    selfSigning: body.self_signing_key,
    userSigning: body.user_signing_key,
  });
  ctx.hs.keys.markChanged(userId);
  return { body: {} };
};

export const uploadSignatures: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const failures: Record<string, Record<string, { errcode: string; error: string }>> = {};
  let ownAdded = 0;
  const othersSigned = new Set<string>();
  for (const [targetUser, objects] of Object.entries(ctx.json())) {
    if (!isObject(objects)) throw badJson(`${targetUser} must map key ids to signed objects`);
    for (const [keyId, signed] of Object.entries(objects)) {
      try {
        if (!isObject(signed)) throw badJson(`${targetUser}/${keyId} must be a signed object`);
        ctx.hs.keys.addSignatures(userId, targetUser, keyId, signed as SignedObject);
        if (targetUser === userId) ownAdded++;
        else othersSigned.add(targetUser);
      } catch (error) {
        if (!(error instanceof MatrixError)) throw error;
        (failures[targetUser] ??= {})[keyId] = { errcode: error.errcode, error: error.message };
      }
    }
  }
  // Signatures on one's own devices and master key are public; those on others' master keys concern the signer alone,
  // whose devices must fetch the signed user's keys again to see them (Synapse's notify_user_signature_update).
  if (ownAdded > 0) ctx.hs.keys.markChanged(userId);
  for (const signed of othersSigned) ctx.hs.keys.markSignedBy(userId, signed);
  return { body: { failures } };
};
