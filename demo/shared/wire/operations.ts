// Every request a client may send, each tied to the one result type it gets back.

import * as v from 'valibot';
import { LIMITS } from '../limits';
import { displayName, publicKey32, serverId, signature64, title, userId } from './primitives';
import { conversationKind, envelope, storedMessage } from './records';

const session = v.object({ user: userId, device: serverId });
const credentials = v.object({ user: userId, device: serverId, token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)) });
const nothing = v.object({});

export const operations = {
  /** Creates an account with its first device. Allowed before hello. */
  register: {
    args: v.object({ user: userId, name: displayName, identityKey: publicKey32, deviceKey: publicKey32, deviceSignature: signature64 }),
    result: credentials,
  },
  /** Adds a device to an account; the server checks the identity key's signature. Allowed before hello. */
  'link-device': {
    args: v.object({ user: userId, deviceKey: publicKey32, deviceSignature: signature64 }),
    result: credentials,
  },
  /** Authenticates this connection as one device; the server then pushes state. */
  hello: {
    args: credentials,
    result: session,
  },
  'create-conversation': {
    args: v.object({
      kind: conversationKind,
      title,
      /** The other members (the creator is added). */
      members: v.pipe(v.array(userId), v.minLength(1), v.maxLength(LIMITS.groupMembers - 1)),
    }),
    result: v.object({ conversation: serverId }),
  },
  'add-member': {
    args: v.object({ conversation: serverId, user: userId }),
    result: nothing,
  },
  leave: {
    args: v.object({ conversation: serverId }),
    result: nothing,
  },
  history: {
    args: v.object({ conversation: serverId }),
    result: v.object({ messages: v.pipe(v.array(storedMessage), v.maxLength(LIMITS.historyServed)) }),
  },
  send: {
    args: v.object({ envelope }),
    result: v.object({ seq: v.pipe(v.number(), v.safeInteger(), v.minValue(1)) }),
  },
  /** Removes the calling device from the account (sign-out). */
  'remove-device': {
    args: nothing,
    result: nothing,
  },
} as const;

export type OpName = keyof typeof operations;
export type ArgsOf<O extends OpName> = v.InferOutput<(typeof operations)[O]['args']>;
export type ResultOf<O extends OpName> = v.InferOutput<(typeof operations)[O]['result']>;

/** Operations a connection may use before it has said hello. */
export const ANONYMOUS_OPS: ReadonlySet<OpName> = new Set(['register', 'link-device', 'hello']);

export function isOpName(name: string): name is OpName {
  return Object.hasOwn(operations, name);
}
