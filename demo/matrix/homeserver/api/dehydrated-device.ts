// Dehydrated devices (MSC3814, `/_matrix/client/unstable/org.matrix.msc3814.v1/`),
// as far as a client needs to publish one: store the device (its keys carry
// `dehydrated: true`), hand back its pickle, replace or delete it. To-device
// messages queued for it are not delivered through the events endpoint (it
// answers with none): nobody rehydrates in these tests.

import { badJson, notFound } from '../errors';
import type { Handler } from '../http/context';

function currentDehydrated(ctx: Parameters<Handler>[0]) {
  const { userId } = ctx.auth();
  return ctx.hs.accounts.devicesOf(userId).find((d) => d.dehydrated) ?? null;
}

export const getDehydratedDevice: Handler = (ctx) => {
  const device = currentDehydrated(ctx);
  if (!device) throw notFound('No dehydrated device available');
  return { body: { device_id: device.deviceId, device_data: device.dehydrated!.deviceData } };
};

/** Stores a new dehydrated device; the previous one, if any, is deleted (a user has at most one). */
export const putDehydratedDevice: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const body = ctx.json();
  const deviceId = body.device_id;
  if (typeof deviceId !== 'string' || deviceId === '') throw badJson('device_id is required');
  if (typeof body.device_data !== 'object' || body.device_data === null) throw badJson('device_data is required');
  const previous = currentDehydrated(ctx);
  if (previous) ctx.hs.deleteDevice(userId, previous.deviceId);
  ctx.hs.accounts.addDehydratedDevice(
    userId,
    deviceId,
    typeof body.initial_device_display_name === 'string' ? body.initial_device_display_name : null,
    body.device_data,
  );
  const { keys } = ctx.hs;
  if (body.device_keys !== undefined) keys.putDeviceKeys(userId, deviceId, body.device_keys);
  if (body.one_time_keys !== undefined) keys.addOneTimeKeys(userId, deviceId, body.one_time_keys);
  if (body.fallback_keys !== undefined) keys.setFallbackKeys(userId, deviceId, body.fallback_keys);
  keys.markChanged(userId);
  return { body: { device_id: deviceId } };
};

export const deleteDehydratedDevice: Handler = (ctx) => {
  const { userId } = ctx.auth();
  const device = currentDehydrated(ctx);
  if (!device) throw notFound('No dehydrated device available');
  ctx.hs.deleteDevice(userId, device.deviceId);
  return { body: { device_id: device.deviceId } };
};

export const dehydratedDeviceEvents: Handler = (ctx) => {
  const device = currentDehydrated(ctx);
  if (!device || device.deviceId !== ctx.params.deviceId) throw notFound(`no dehydrated device ${ctx.params.deviceId}`);
  return { body: { events: [] } };
};
