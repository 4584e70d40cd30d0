// The usual stored record, recognised without copying it: exactly the fields its
// schema names, in the schema's order, each a plain value within the schema's
// limits, and the schema's own checks met. Such a record is exactly what the
// schema would give back as its copy, so reading uses it as it is; anything
// else (a missing or extra field, another order, an unusual value, a getter)
// goes through the schema, which alone says why it fails. The schema copies
// every field of every record: a cold ingest of 10,000 contacts kept all those
// copies alive for the whole run, past the young generation of the garbage
// collector, and a large roster cost more than its size (profiled: a third of
// a cold ingest of 10,000). The leaf tests are the schema's own (record-schemas.ts).

import type * as v from 'valibot';
import { DEVICE_VOUCHES } from '../../roster';
import { hasNoGetter } from '../data-field';
import { ALERT_KINDS, SEVERITIES } from '../rules';
import { TRUST_STATES } from '../trust-machine';
import {
  ACKNOWLEDGED_BY,
  acknowledgementAgrees,
  ALERT_ID,
  ALERT_STATES,
  AlertRecordSchema,
  chunkProblem,
  ContactRecordSchema,
  CONVERSATION_LEVELS,
  ConversationRecordSchema,
  currentKeyIsKnown,
  DeviceSightingSchema,
  isChunkIndex,
  isCount,
  isKeyText,
  isPosition,
  isRecordText,
  isStorageKeyText,
  isTime,
  KEY_ALGORITHMS,
  KeySightingSchema,
  PublicKeyRefSchema,
  RosterChunkMemberSchema,
  RosterChunkRecordSchema,
  RosterDeviceSchema,
  VERIFICATION_METHODS,
  VerificationSchema,
} from './record-schemas';
import { isChunkCount } from './roster-chunks';

type Fields = Record<string, unknown>;

/** The field names of an object schema, in its order (the order its copies have). */
const fieldsOf = (schema: { entries: object }): readonly string[] => Object.keys(schema.entries);

/**
 * Whether `x` is a plain object whose own enumerable fields are exactly `fields`, in that order, each a data
 * property (no getter, which could answer differently when read again).
 */
function exactly(x: unknown, fields: readonly string[]): x is Fields {
  if (typeof x !== 'object' || x === null || Object.getPrototypeOf(x) !== Object.prototype) return false;
  let i = 0;
  for (const key in x) if (key !== fields[i++] || !Object.hasOwn(x, key) || !hasNoGetter(x, key)) return false;
  return i === fields.length;
}

/** A plain array without holes or other fields (the schema's copy has neither) whose every element passes `each`. */
function list(x: unknown, each: (element: unknown) => boolean): x is unknown[] {
  if (!Array.isArray(x) || Object.getPrototypeOf(x) !== Array.prototype) return false;
  for (let i = 0; i < x.length; i++) if (!Object.hasOwn(x, i) || !each(x[i])) return false;
  let fields = 0;
  for (const _ in x) fields++;
  return fields === x.length;
}

const among = (options: readonly unknown[]) => {
  const set = new Set(options);
  return (x: unknown) => set.has(x);
};
const isAlgorithm = among(KEY_ALGORITHMS);
const isVouch = among(DEVICE_VOUCHES);
const isMethod = among(VERIFICATION_METHODS);
const isTrust = among(TRUST_STATES);
const isLevel = among(CONVERSATION_LEVELS);
const isKind = among(['direct', 'group']);
const isRule = among(ALERT_KINDS);
const isSeverity = among(SEVERITIES);
const isAlertState = among(ALERT_STATES);
const isAcknowledger = among(ACKNOWLEDGED_BY);
const orNull = (test: (x: unknown) => boolean) => (x: unknown) => x === null || test(x);

const KEY = fieldsOf(PublicKeyRefSchema);
const isKey = (x: unknown) => exactly(x, KEY) && isAlgorithm(x.algorithm) && isKeyText(x.key);
const isKeyOrNull = orNull(isKey);
const isTextOrNull = orNull(isRecordText);

const SIGHTING = fieldsOf(KeySightingSchema);
const isSighting = (x: unknown) => exactly(x, SIGHTING) && isKey(x.key) && isTime(x.firstSeen) && isTime(x.lastSeen);

const DEVICE_SIGHTING = fieldsOf(DeviceSightingSchema);
const isDeviceSighting = (x: unknown) =>
  exactly(x, DEVICE_SIGHTING) && isRecordText(x.id) && isKeyOrNull(x.key) && isVouch(x.vouch) && isTime(x.firstSeen) && isTime(x.lastSeen);

const VERIFICATION = fieldsOf(VerificationSchema);
const isVerification = (x: unknown) => exactly(x, VERIFICATION) && isMethod(x.method) && isTime(x.at) && isKey(x.key);

// The optional mark of someone checked without keys is rare: a record holding it goes through the schema.
const CONTACT = fieldsOf(ContactRecordSchema.pipe[0]).filter((field) => field !== 'checkedWithoutKeys');
function isContact(x: unknown): boolean {
  return (
    exactly(x, CONTACT) &&
    isRecordText(x.origin) &&
    isRecordText(x.account) &&
    isRecordText(x.contactId) &&
    isRecordText(x.name) &&
    isTime(x.firstSeen) &&
    isTime(x.lastSeen) &&
    list(x.keys, isSighting) &&
    isKeyOrNull(x.currentKey) &&
    list(x.devices, isDeviceSighting) &&
    list(x.verifications, isVerification) &&
    isTrust(x.trust) &&
    isTime(x.trustSince) &&
    isTextOrNull(x.invalidReason) &&
    currentKeyIsKnown(x as Parameters<typeof currentKeyIsKnown>[0])
  );
}

const CONVERSATION = fieldsOf(ConversationRecordSchema);
function isConversation(x: unknown): boolean {
  return (
    exactly(x, CONVERSATION) &&
    isRecordText(x.origin) &&
    isRecordText(x.account) &&
    isRecordText(x.conversationId) &&
    isRecordText(x.title) &&
    isKind(x.kind) &&
    isTime(x.firstSeen) &&
    isTime(x.lastSeen) &&
    isChunkCount(x.rosterChunks) &&
    list(x.problems, isRecordText) &&
    isLevel(x.level) &&
    isTime(x.levelSince)
  );
}

const ROSTER_DEVICE = fieldsOf(RosterDeviceSchema);
const isRosterDevice = (x: unknown) =>
  exactly(x, ROSTER_DEVICE) && isRecordText(x.id) && isKeyOrNull(x.key) && isVouch(x.vouch) && typeof x.encryptedTo === 'boolean';

const CHUNK_MEMBER = fieldsOf(RosterChunkMemberSchema);
const isChunkMember = (x: unknown) =>
  exactly(x, CHUNK_MEMBER) &&
  isRecordText(x.id) &&
  isRecordText(x.name) &&
  typeof x.shown === 'boolean' &&
  typeof x.isSelf === 'boolean' &&
  isKeyOrNull(x.identityKey) &&
  list(x.devices, isRosterDevice) &&
  isPosition(x.position);

const CHUNK = fieldsOf(RosterChunkRecordSchema.pipe[0]);
function isChunk(x: unknown): boolean {
  return (
    exactly(x, CHUNK) &&
    isRecordText(x.origin) &&
    isRecordText(x.account) &&
    isRecordText(x.conversationId) &&
    isChunkIndex(x.index) &&
    isChunkCount(x.of) &&
    list(x.members, isChunkMember) &&
    chunkProblem(x as Parameters<typeof chunkProblem>[0]) === null
  );
}

const ALERT = fieldsOf(AlertRecordSchema.pipe[0]);
const isStorageKeyOrNull = orNull(isStorageKeyText);
const isVouchOrNull = orNull(isVouch);
const isTimeOrNull = orNull(isTime);
const isAcknowledgerOrNull = orNull(isAcknowledger);
function isAlert(x: unknown): boolean {
  return (
    exactly(x, ALERT) &&
    typeof x.id === 'string' &&
    ALERT_ID.test(x.id) &&
    isRule(x.rule) &&
    isSeverity(x.severity) &&
    isAlertState(x.state) &&
    isRecordText(x.origin) &&
    isRecordText(x.account) &&
    isTextOrNull(x.conversationId) &&
    isTextOrNull(x.conversationTitle) &&
    isTextOrNull(x.contactId) &&
    isTextOrNull(x.contactName) &&
    isKeyOrNull(x.key) &&
    isKeyOrNull(x.previousKey) &&
    isTextOrNull(x.deviceId) &&
    isVouchOrNull(x.vouch) &&
    isTextOrNull(x.detail) &&
    isStorageKeyOrNull(x.recordKey) &&
    isStorageKeyOrNull(x.quarantineKey) &&
    isKeyOrNull(x.newIdentityKey) &&
    isTime(x.firstRaised) &&
    isTime(x.lastRaised) &&
    isTime(x.lastSeen) &&
    isTimeOrNull(x.acknowledgedAt) &&
    isAcknowledgerOrNull(x.acknowledgedBy) &&
    isCount(x.occurrences) &&
    typeof x.fromFile === 'boolean' &&
    acknowledgementAgrees(x as Parameters<typeof acknowledgementAgrees>[0])
  );
}

/** The records read by the thousand (an ingest reads every participant's contact and every roster chunk), by schema. */
const PLAIN_CHECKS = new Map<unknown, (x: unknown) => boolean>([
  [ContactRecordSchema, isContact],
  [ConversationRecordSchema, isConversation],
  [RosterChunkRecordSchema, isChunk],
  [AlertRecordSchema, isAlert],
]);

/**
 * The schemas that have a plain reading, in a fixed order: a stopped worker names by its place here the schema that
 * found a carried record plain (read-record.ts, carriedVerdictOf). Changing the order changes CARRY_FORMAT.
 */
export const PLAIN_SCHEMAS: readonly unknown[] = [...PLAIN_CHECKS.keys()];

/** Whether `value` is a record the schema takes as it is (its copy would equal it); false for anything unusual. */
export function isPlainRecord(schema: v.GenericSchema, value: unknown): boolean {
  const check = PLAIN_CHECKS.get(schema);
  if (!check) return false;
  try {
    return check(value);
  } catch {
    return false; // Whatever threw is for the schema to refuse, with its reason.
  }
}
