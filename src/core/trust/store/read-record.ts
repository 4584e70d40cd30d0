// Reading one stored value: absent, valid, or corrupt with a plain reason.
// Beyond its shape, a record must agree with the key it is stored under, so a
// record copied to the wrong place is caught too.

import * as v from 'valibot';
import {
  NoticeDigestRecordSchema,
  OpenAlertsRecordSchema,
  SummaryRecordSchema,
  type NoticeDigestRecord,
  type OpenAlertsRecord,
  type SummaryRecord,
} from './index-schemas';
import {
  AlertRecordSchema,
  ContactRecordSchema,
  ConversationRecordSchema,
  QuarantineRecordSchema,
  RosterChunkRecordSchema,
  SchemaRecordSchema,
  type StoredRecord,
} from './record-schemas';
import { isPlainRecord, PLAIN_SCHEMAS } from './record-plain';
import {
  ALERT_PREFIX,
  alertKey,
  CONTACT_PREFIX,
  isTripleKey,
  CONVERSATION_PREFIX,
  parseStorageKey,
  noticeDigestKey,
  NOTICE_DIGEST_PREFIX,
  OPEN_ALERTS_PREFIX,
  openAlertsKey,
  ROSTER_PREFIX,
  rosterChunkKey,
} from './storage-keys';

/** Every record the trust store owns, by what its key says it is. */
export type OwnedRecord = StoredRecord | SummaryRecord | OpenAlertsRecord | NoticeDigestRecord;

export type ReadResult<T> = { status: 'absent' } | { status: 'ok'; value: T } | { status: 'corrupt'; reason: string };

/**
 * How every plan reads the store: the value stored under a key, or undefined
 * when there is none. Synchronous, so a plan is a pure function of what it
 * reads; the background serves it from its copy of storage.local.
 */
export type StoreRead = (key: string) => unknown;

/** A reader over records already in hand (a whole store, a records file). */
export function recordsReader(records: Readonly<Record<string, unknown>>): StoreRead {
  return (key) => (Object.hasOwn(records, key) ? records[key] : undefined);
}

/** "at keys.0.firstSeen: expected a finite time" — the first issue, where it is and what was wrong. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'invalid';
  const path = first.path?.map((p) => String((p as { key?: unknown }).key)).join('.');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const message = first.received === 'undefined' ? 'missing' : first.message;
  return `${path ? `at ${path}: ` : ''}${message}${more}`;
}

export function readWith<T>(read: StoreRead, key: string, schema: v.GenericSchema<unknown, T>): ReadResult<T> {
  return readValue(key, read(key), schema);
}

/** A value found under `key` (undefined: none), checked against the schema and the key. */
export function readValue<T>(key: string, value: unknown, schema: v.GenericSchema<unknown, T>): ReadResult<T> {
  return value === undefined ? { status: 'absent' } : validateAt(key, value, schema);
}

/**
 * The last verdict on each stored object, so that a background that keeps the
 * store in memory and hands the same objects to every ingest validates each
 * record once, not once per snapshot (a thousand contacts a time for a large
 * group). Keyed by the object itself: a record replaced in storage is a new
 * object; storage values are never changed in place (plans copy before they
 * change anything). A value read is not to be changed by its reader: once a
 * verdict is reused it is frozen, so a reader that tried would fail loudly
 * instead of changing what the next one sees. (Freezing only on reuse keeps
 * the first read, all a newly started background does, as cheap as before.)
 * A plain record is read as the stored object itself (record-plain.ts), which
 * is not ours to freeze: its first reuse takes the schema's copy and freezes that.
 */
interface Verdict {
  key: string;
  schema: unknown;
  result: ReadResult<unknown>;
  frozen: boolean;
  /** The stored object was found plain (record-plain.ts): its first read gave back the object itself. */
  plain: boolean;
  /** Passed on by a stopped worker with its carried copy: its next read is this worker's first. */
  carried: boolean;
}
const verdicts = new WeakMap<object, Verdict>();

function validateAt<T>(key: string, value: unknown, schema: v.GenericSchema<unknown, T>): ReadResult<T> {
  // A quarantine record holds whatever was found, exactly: not ours to freeze, and rarely read.
  if (typeof value !== 'object' || value === null || (schema as unknown) === QuarantineRecordSchema) return validateNow(key, value, schema);
  const known = verdicts.get(value);
  if (known && known.key === key && known.schema === schema) {
    if (known.carried) {
      // A first read here, as validateNow would have answered it: the stored object itself.
      known.carried = false;
      return known.result as ReadResult<T>;
    }
    if (!known.frozen) {
      const result = known.result;
      if (result.status === 'ok' && result.value === value) {
        // The same verdict, now holding a copy of its own (equal to the stored object, which was found plain).
        const copy = validateNow(key, value, schema, false);
        if (copy.status === 'ok') result.value = copy.value;
        else known.result = copy;
      }
      deepFreeze(known.result);
      known.frozen = true;
    }
    return known.result as ReadResult<T>;
  }
  const result = validateNow(key, value, schema);
  verdicts.set(value, { key, schema, result, frozen: false, plain: result.status === 'ok' && result.value === value, carried: false });
  return result;
}

/**
 * What a carried copy may say of the stored object `value` under `key` (src/background/store-carry.ts): the number of
 * the schema that found it valid and plain here, so that it was read as the object itself (its place in PLAIN_SCHEMAS
 * plus one), or 0 when this worker has no such verdict on it. Only plain records carry one: they are the records a
 * woken worker reads by the thousand.
 */
export function carriedVerdictOf(key: string, value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const known = verdicts.get(value);
  if (!known || known.key !== key || !known.plain || known.result.status !== 'ok') return 0;
  return PLAIN_SCHEMAS.indexOf(known.schema) + 1;
}

/**
 * Takes in a verdict a stopped worker passed on (carriedVerdictOf) for `value`, the same record as it read it, found
 * again in storage.session: its first read here gives it back as it is, without checking it again. A verdict is only
 * for the key and the schema it names: read under another, the record is checked as any other. Unknown numbers, and
 * objects this worker already has a verdict on, are left alone.
 */
export function takeCarriedVerdict(key: string, value: unknown, verdict: number): void {
  const schema = PLAIN_SCHEMAS[verdict - 1];
  if (schema === undefined || typeof value !== 'object' || value === null || verdicts.has(value)) return;
  verdicts.set(value, { key, schema, result: { status: 'ok', value }, frozen: false, plain: true, carried: true });
}

/** Freezes plain objects and arrays all the way down (what a validator builds; nothing else is touched). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
  return value;
}

/** The verdict on `value`: a plain record as it is (unless `plain` is false), anything else through the schema, copied. */
function validateNow<T>(key: string, value: unknown, schema: v.GenericSchema<unknown, T>, plain = true): ReadResult<T> {
  if (plain && isPlainRecord(schema, value)) {
    const mismatch = keyMismatch(key, value);
    return mismatch ? { status: 'corrupt', reason: mismatch } : { status: 'ok', value: value as T };
  }
  let parsed: v.SafeParseResult<v.GenericSchema<unknown, T>>;
  try {
    parsed = v.safeParse(schema, value);
  } catch (error) {
    // A getter or proxy in a hostile value must not take the caller down.
    return { status: 'corrupt', reason: `unreadable value (${String(error)})` };
  }
  if (!parsed.success) return { status: 'corrupt', reason: describeIssues(parsed.issues) };
  const mismatch = keyMismatch(key, parsed.output);
  return mismatch ? { status: 'corrupt', reason: mismatch } : { status: 'ok', value: parsed.output };
}

/** The key the record's own fields name: it must be the key it is stored under. */
function keyMismatch(key: string, record: unknown): string | null {
  const r = record as Record<string, string>;
  if (key.startsWith(CONTACT_PREFIX)) {
    return isTripleKey(key, CONTACT_PREFIX, r.origin!, r.account!, r.contactId!) ? null : 'the record names another contact than its key';
  }
  if (key.startsWith(CONVERSATION_PREFIX)) {
    return isTripleKey(key, CONVERSATION_PREFIX, r.origin!, r.account!, r.conversationId!)
      ? null
      : 'the record names another conversation than its key';
  }
  if (key.startsWith(ALERT_PREFIX)) return alertKey(r.id!) === key ? null : 'the record names another alert than its key';
  if (key.startsWith(ROSTER_PREFIX)) {
    const chunk = record as { origin: string; account: string; conversationId: string; index: number };
    return rosterChunkKey(chunk.origin, chunk.account, chunk.conversationId, chunk.index) === key
      ? null
      : 'the record names another roster chunk than its key';
  }
  if (key.startsWith(OPEN_ALERTS_PREFIX)) {
    const index = record as OpenAlertsRecord;
    return openAlertsKey(index.subject, index.origin, index.account, index.id) === key
      ? null
      : 'the index names another subject than its key';
  }
  if (key.startsWith(NOTICE_DIGEST_PREFIX)) {
    const digest = record as NoticeDigestRecord;
    if (noticeDigestKey(digest.origin, digest.account, digest.conversationId, digest.rule) !== key)
      return 'the digest names other notices than its key';
    const latest = digest.latest;
    const same =
      latest.rule === digest.rule &&
      latest.origin === digest.origin &&
      latest.account === digest.account &&
      latest.conversationId === digest.conversationId;
    return same ? null : 'the latest notice of a digest is of another kind or place';
  }
  return null;
}

/** The schema for whatever lives at `key`, or null for keys the trust store does not own. */
export function schemaForKey(key: string): v.GenericSchema<unknown, OwnedRecord> | null {
  switch (parseStorageKey(key).kind) {
    case 'schema':
      return SchemaRecordSchema;
    case 'contact':
      return ContactRecordSchema;
    case 'conversation':
      return ConversationRecordSchema;
    case 'roster-chunk':
      return RosterChunkRecordSchema;
    case 'alert':
      return AlertRecordSchema;
    case 'quarantine':
      return QuarantineRecordSchema;
    case 'summary':
      return SummaryRecordSchema;
    case 'open-alerts':
      return OpenAlertsRecordSchema;
    case 'notice-digest':
      return NoticeDigestRecordSchema;
    default:
      return null;
  }
}

/** Validates a value against the schema its key implies (used by the store check and by tests). */
export function validateRecordAt(key: string, value: unknown): ReadResult<OwnedRecord> | { status: 'not-owned' } {
  const schema = schemaForKey(key);
  if (!schema) return { status: 'not-owned' };
  return validateAt(key, value, schema);
}
