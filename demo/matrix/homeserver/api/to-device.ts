// PUT /sendToDevice/{eventType}/{txnId} (spec, "Send-to-Device messaging"):
// `*` as device id means every device of that user.

import { badJson } from '../errors';
import type { Handler } from '../http/context';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const sendToDevice: Handler = (ctx) => {
  const { userId, deviceId } = ctx.auth();
  const { eventType, txnId } = ctx.params as { eventType: string; txnId: string };
  if (ctx.hs.rooms.transaction(userId, deviceId, txnId, 'to-device')) return { body: {} };
  const messages = ctx.json().messages;
  if (!isObject(messages)) throw badJson('messages must be an object of user id to device id to content');
  const recipients: Array<{ userId: string; deviceId: string; content: unknown }> = [];
  for (const [target, devices] of Object.entries(messages)) {
    if (!isObject(devices)) throw badJson(`messages.${target} must be an object`);
    for (const [device, content] of Object.entries(devices)) {
      const ids = device === '*' ? ctx.hs.accounts.devicesOf(target).map((d) => d.deviceId) : [device];
      for (const id of ids) recipients.push({ userId: target, deviceId: id, content });
    }
  }
  ctx.hs.toDevice.send(userId, eventType, recipients);
  ctx.hs.rooms.rememberTransaction(userId, deviceId, txnId, 'to-device', '');
  return { body: {} };
};
