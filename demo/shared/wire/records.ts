// The records a Courier server serves: the key directory as one viewer sees it,
// conversations, and encrypted message envelopes.

import * as v from 'valibot';
import { LIMITS } from '../limits';
import {
  base64Bytes,
  base64Text,
  displayName,
  messageId,
  publicKey32,
  sequence,
  serverId,
  signature64,
  timestamp,
  title,
  userId,
} from './primitives';

export const deviceRecord = v.object({
  id: serverId,
  /** X25519 public key, 32 raw bytes. */
  key: publicKey32,
  /** Ed25519 signature over the 32 key bytes, as the server serves it (the client does not check it). */
  signature: v.nullable(signature64),
});
export type DeviceRecord = v.InferOutput<typeof deviceRecord>;

export const userRecord = v.object({
  id: userId,
  name: displayName,
  /** Ed25519 public key, 32 raw bytes. */
  identityKey: publicKey32,
  devices: v.pipe(v.array(deviceRecord), v.maxLength(LIMITS.devicesPerUser)),
});
export type UserRecord = v.InferOutput<typeof userRecord>;

export const conversationKind = v.picklist(['direct', 'group']);
export type ConversationKind = v.InferOutput<typeof conversationKind>;

export const participantRecord = v.object({
  user: userId,
  /** Whether the server lists this participant as a visible member. */
  shown: v.boolean(),
});
export type ParticipantRecord = v.InferOutput<typeof participantRecord>;

export const conversationRecord = v.object({
  id: serverId,
  kind: conversationKind,
  title,
  participants: v.pipe(v.array(participantRecord), v.minLength(1), v.maxLength(LIMITS.participants)),
  /** Time of the last message or membership change, for ordering the list. */
  lastActivity: timestamp,
});
export type ConversationRecord = v.InferOutput<typeof conversationRecord>;

/** Everything one signed-in device may know, pushed whole whenever any of it changes. */
export const viewState = v.object({
  me: v.object({ user: userId, device: serverId }),
  users: v.pipe(v.array(userRecord), v.maxLength(LIMITS.conversationsPerUser * LIMITS.participants)),
  conversations: v.pipe(v.array(conversationRecord), v.maxLength(LIMITS.conversationsPerUser)),
});
export type ViewState = v.InferOutput<typeof viewState>;

export const recipientEntry = v.object({
  user: userId,
  device: serverId,
  /** The device key the content key was wrapped to, so a device can tell "not for me" from "for an old key". */
  deviceKey: publicKey32,
  /** AES-256-GCM of the 32-byte content key: 48 bytes. */
  wrappedKey: base64Bytes(48),
});
export type RecipientEntry = v.InferOutput<typeof recipientEntry>;

export const envelope = v.object({
  id: messageId,
  conversation: serverId,
  sender: v.object({ user: userId, device: serverId }),
  /** The sender's one-time X25519 key for this message. */
  ephemeralKey: publicKey32,
  iv: base64Bytes(12),
  ciphertext: base64Text(LIMITS.ciphertextLength),
  recipients: v.pipe(v.array(recipientEntry), v.minLength(1), v.maxLength(LIMITS.recipients)),
  /** The sender's identity key over the envelope's signed bytes. */
  signature: signature64,
});
export type Envelope = v.InferOutput<typeof envelope>;

export const storedMessage = v.object({
  conversation: serverId,
  seq: sequence,
  sentAt: timestamp,
  envelope,
});
export type StoredMessage = v.InferOutput<typeof storedMessage>;
