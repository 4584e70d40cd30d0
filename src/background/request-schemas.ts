// The shape of every request, checked before a handler runs. Typed against
// src/messages.ts, so a message cannot be declared without its schema.
import * as v from 'valibot';
import type { MessageType, RequestOf } from '../messages';

const MAX_DISCLOSURE_CHARS = 1_048_576;
const adapter = v.picklist(['page-protocol', 'matrix']);

export const requestSchemas: { [K in MessageType]: v.GenericSchema<unknown, RequestOf<K>> } = {
  'page/disclosure': v.object({ adapter, text: v.pipe(v.string(), v.maxLength(MAX_DISCLOSURE_CHARS)) }),
  'page/nothing': v.object({ adapter, reason: v.pipe(v.string(), v.maxLength(500)) }),
  'view/tab': v.object({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
};
