// The shape of every record the trust store keeps, as valibot schemas (the
// source of truth; the TypeScript types are inferred from them). Everything
// read back from storage goes through these before it is used.
// docs/storage.md describes each field in words.

import * as v from 'valibot';
import { DEVICE_VOUCHES } from '../../roster';
import { ALERT_KINDS, SEVERITIES } from '../rules';
import { chunkIndexOf, isChunkCount, MAX_ROSTER_CHUNKS } from './roster-chunks';
import { POSITION_LIMIT } from './roster-positions';
import { TRUST_STATES } from '../trust-machine';

/** Bounds well above what any adapter lets through, so a record we wrote always fits. */
export const RECORD_LIMITS = {
  text: 4096,
  keyText: 256,
  /** A storage key: three escaped parts can each triple in length. */
  storageKey: 16_384,
} as const;

// Leaf checks as single custom schemas rather than pipes of actions: a store
// holds thousands of records, and each is validated every time it is read.
// The tests themselves are exported for record-plain.ts, which must agree.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export const isRecordText = (x: unknown): x is string => typeof x === 'string' && x.length <= RECORD_LIMITS.text;
export const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
export const isStorageKeyText = (x: unknown): x is string => typeof x === 'string' && x.length <= RECORD_LIMITS.storageKey;
export const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 1;
export const isKeyText = (x: unknown): x is string =>
  typeof x === 'string' && x.length >= 1 && x.length <= RECORD_LIMITS.keyText && BASE64.test(x);
export const isPosition = (x: unknown): x is number => Number.isSafeInteger(x) && Math.abs(x as number) <= POSITION_LIMIT;
export const isChunkIndex = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) < MAX_ROSTER_CHUNKS;
export const ALERT_ID = /^[0-9a-f]{32}$/;
export const KEY_ALGORITHMS = ['curve25519', 'ed25519'] as const;

const text = v.custom<string>(isRecordText, `expected text of at most ${RECORD_LIMITS.text} characters`);
const time = v.custom<number>(isTime, 'expected a time in milliseconds since 1970');
const storageKey = v.custom<string>(isStorageKeyText, `expected a storage key of at most ${RECORD_LIMITS.storageKey} characters`);
const count = v.custom<number>(isCount, 'expected a whole count of at least 1');
const keyText = v.custom<string>(isKeyText, `expected a base64 key of 1 to ${RECORD_LIMITS.keyText} characters`);

export const PublicKeyRefSchema = v.object({
  algorithm: v.picklist(KEY_ALGORITHMS, 'expected a key algorithm'),
  key: keyText,
});

export const VouchSchema = v.picklist(DEVICE_VOUCHES, 'expected a device vouch');

export const SchemaRecordSchema = v.object({
  version: v.pipe(v.number('expected a version number'), v.integer('expected a whole version'), v.minValue(0, 'negative version')),
});

export const KeySightingSchema = v.object({ key: PublicKeyRefSchema, firstSeen: time, lastSeen: time });

export const DeviceSightingSchema = v.object({
  id: text,
  key: v.nullable(PublicKeyRefSchema),
  vouch: VouchSchema,
  firstSeen: time,
  lastSeen: time,
});

export const VERIFICATION_METHODS = ['scanned', 'typed', 'read-aloud', 'imported'] as const;
export const VerificationMethodSchema = v.picklist(VERIFICATION_METHODS, 'expected a verification method');

export const VerificationSchema = v.object({ method: VerificationMethodSchema, at: time, key: PublicKeyRefSchema });

const sameRef = (a: v.InferOutput<typeof PublicKeyRefSchema>, b: v.InferOutput<typeof PublicKeyRefSchema>) =>
  a.algorithm === b.algorithm && a.key === b.key;

/** A contact's current key must be one of the keys seen. */
export function currentKeyIsKnown(c: {
  currentKey: v.InferOutput<typeof PublicKeyRefSchema> | null;
  keys: readonly { key: v.InferOutput<typeof PublicKeyRefSchema> }[];
}): boolean {
  // A loop, not some() with a closure: a background that has just started checks every contact it reads.
  const current = c.currentKey;
  if (current === null) return true;
  for (let i = 0; i < c.keys.length; i++) if (sameRef(c.keys[i]!.key, current)) return true;
  return false;
}

export const ContactRecordSchema = v.pipe(
  v.object({
    origin: text,
    account: text,
    contactId: text,
    name: text,
    firstSeen: time,
    lastSeen: time,
    keys: v.array(KeySightingSchema, 'expected a list of keys'),
    currentKey: v.nullable(PublicKeyRefSchema),
    devices: v.array(DeviceSightingSchema, 'expected a list of devices'),
    verifications: v.array(VerificationSchema, 'expected a list of verifications'),
    trust: v.picklist(TRUST_STATES, 'expected a trust state'),
    trustSince: time,
    invalidReason: v.nullable(text),
    /**
     * Seen with their keys checked, and they had no identity key and no device (docs/storage.md): their first device
     * is then a new device, not the first sight of their keys. Only while the record holds no key and no device.
     */
    checkedWithoutKeys: v.optional(v.literal(true, 'expected true')),
  }),
  v.check((c) => currentKeyIsKnown(c), 'the current key is missing from the keys seen'),
  v.check(
    (c) => c.checkedWithoutKeys !== true || (c.currentKey === null && c.devices.length === 0),
    'checked without keys, yet it has keys',
  ),
);

export const RosterDeviceSchema = v.object({
  id: text,
  key: v.nullable(PublicKeyRefSchema),
  vouch: VouchSchema,
  encryptedTo: v.boolean('expected true or false'),
});

export const RosterMemberSchema = v.object({
  id: text,
  /** Display name as the page gave it (untrusted), so a member who leaves can be named. */
  name: text,
  shown: v.boolean('expected true or false'),
  isSelf: v.boolean('expected true or false'),
  identityKey: v.nullable(PublicKeyRefSchema),
  devices: v.array(RosterDeviceSchema, 'expected a list of devices'),
});

export const CONVERSATION_LEVELS = ['unverified', 'all-verified', 'degraded'] as const;

const chunkCount = v.custom<number>(isChunkCount, `expected a power of two from 1 to ${MAX_ROSTER_CHUNKS}`);

/** The conversation; its roster lives in `rosterChunks` chunk records (RosterChunkRecordSchema). */
export const ConversationRecordSchema = v.object({
  origin: text,
  account: text,
  conversationId: text,
  title: text,
  kind: v.picklist(['direct', 'group'], 'expected a conversation kind'),
  firstSeen: time,
  lastSeen: time,
  rosterChunks: chunkCount,
  problems: v.array(text, 'expected a list of problems'),
  level: v.picklist(CONVERSATION_LEVELS, 'expected a conversation level'),
  levelSince: time,
});

const position = v.custom<number>(isPosition, `expected a whole position within ±${POSITION_LIMIT}`);
const chunkIndex = v.custom<number>(isChunkIndex, 'expected a chunk index');

export const RosterChunkMemberSchema = v.object({ ...RosterMemberSchema.entries, position });

/** The first way a chunk's members break its invariants, or null. */
export function chunkProblem(c: { index: number; of: number; members: readonly { id: string; position: number }[] }): string | null {
  if (c.index >= c.of) return `chunk ${c.index} of a roster in ${c.of} chunks`;
  const ids = new Set<string>();
  let last = -Infinity;
  for (const m of c.members) {
    if (chunkIndexOf(m.id, c.of) !== c.index)
      return `member ${JSON.stringify(m.id.slice(0, 100))} belongs in chunk ${chunkIndexOf(m.id, c.of)}`;
    if (ids.has(m.id)) return `member ${JSON.stringify(m.id.slice(0, 100))} is listed twice`;
    if (m.position <= last) return 'members are not in order of position';
    ids.add(m.id);
    last = m.position;
  }
  return null;
}

/** One chunk of a conversation's roster: the members whose id hashes to `index` among `of` chunks. */
export const RosterChunkRecordSchema = v.pipe(
  v.object({
    origin: text,
    account: text,
    conversationId: text,
    index: chunkIndex,
    of: chunkCount,
    members: v.array(RosterChunkMemberSchema, 'expected a list of members'),
  }),
  v.check(
    (c) => chunkProblem(c) === null,
    (issue) => chunkProblem(issue.input as Parameters<typeof chunkProblem>[0]) ?? 'inconsistent chunk',
  ),
);

export const ALERT_STATES = ['open', 'acknowledged'] as const;

/** Who closed an alert: the user acknowledging it, or the user verifying the key it was about. */
export const ACKNOWLEDGED_BY = ['user', 'verification'] as const;

/** Acknowledged alerts, and only they, carry who acknowledged them and when. */
export function acknowledgementAgrees(a: { state: string; acknowledgedAt: number | null; acknowledgedBy: string | null }): boolean {
  return (a.state === 'acknowledged') === (a.acknowledgedAt !== null && a.acknowledgedBy !== null);
}

/** An alert: its kind (`rule`), what it is about, and its life (raised, seen, acknowledged). Its text is not stored (rules/). */
export const AlertRecordSchema = v.pipe(
  v.object({
    id: v.pipe(v.string('expected an alert id'), v.regex(ALERT_ID, 'malformed alert id')),
    rule: v.picklist(ALERT_KINDS, 'unknown alert rule'),
    severity: v.picklist(SEVERITIES, 'unknown severity'),
    state: v.picklist(ALERT_STATES, 'unknown alert state'),
    origin: text,
    account: text,
    conversationId: v.nullable(text),
    conversationTitle: v.nullable(text),
    contactId: v.nullable(text),
    contactName: v.nullable(text),
    key: v.nullable(PublicKeyRefSchema),
    previousKey: v.nullable(PublicKeyRefSchema),
    deviceId: v.nullable(text),
    vouch: v.nullable(VouchSchema),
    detail: v.nullable(text),
    recordKey: v.nullable(storageKey),
    quarantineKey: v.nullable(storageKey),
    // Added after version 3 was written: an alert stored without it reads as null.
    newIdentityKey: v.optional(v.nullable(PublicKeyRefSchema), null),
    firstRaised: time,
    lastRaised: time,
    lastSeen: time,
    acknowledgedAt: v.nullable(time),
    acknowledgedBy: v.nullable(v.picklist(ACKNOWLEDGED_BY, 'unknown acknowledger')),
    occurrences: count,
    // Added after version 3 was written: an alert stored without it was raised here (false).
    fromFile: v.optional(v.boolean('expected true or false'), false),
  }),
  v.check((a) => acknowledgementAgrees(a), 'acknowledged alerts, and only they, carry who acknowledged them and when'),
);

export const QuarantineRecordSchema = v.object({
  originalKey: v.string('expected the original key'),
  value: v.unknown(),
  reason: v.string('expected a reason'),
  quarantinedAt: time,
});

export type SchemaRecord = v.InferOutput<typeof SchemaRecordSchema>;
export type KeySighting = v.InferOutput<typeof KeySightingSchema>;
export type DeviceSighting = v.InferOutput<typeof DeviceSightingSchema>;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];
export type Verification = v.InferOutput<typeof VerificationSchema>;
export type ContactRecord = v.InferOutput<typeof ContactRecordSchema>;
export type RosterDevice = v.InferOutput<typeof RosterDeviceSchema>;
export type RosterMember = v.InferOutput<typeof RosterMemberSchema>;
export type ConversationLevel = (typeof CONVERSATION_LEVELS)[number];
export type ConversationRecord = v.InferOutput<typeof ConversationRecordSchema>;
export type RosterChunkMember = v.InferOutput<typeof RosterChunkMemberSchema>;
export type RosterChunkRecord = v.InferOutput<typeof RosterChunkRecordSchema>;
export type AlertRecord = v.InferOutput<typeof AlertRecordSchema>;
export type QuarantineRecord = v.InferOutput<typeof QuarantineRecordSchema>;
export type StoredRecord = SchemaRecord | ContactRecord | ConversationRecord | RosterChunkRecord | AlertRecord | QuarantineRecord;
