// Reading a records file the user chose: hostile until proven otherwise. Each
// refusal says what is wrong; nothing is ever half-read into the store.
//   1. size, JSON, format and versions (a newer file is named as such);
//   2. the layout (valibot), and only keys the trust store owns;
//   3. the records brought to the current schema by the store's own migrations,
//      which also check every record: a damaged one refuses the whole file;
//   4. what no store could hold (a verified mark without its verification), and
//      an export time later than now. (A record dated after the export is
//      refused alone, by the import: import-dates.ts.)

import * as v from 'valibot';
import {
  ContactRecordSchema,
  CURRENT_SCHEMA_VERSION,
  describeIssues,
  isDerivedKey,
  parseStorageKey,
  planMigration,
  respellStore,
  sameKey,
  SCHEMA_KEY,
  type ContactRecord,
} from '../trust';
import {
  RECORDS_FILE_FORMAT,
  RECORDS_FILE_LIMITS,
  RECORDS_FILE_VERSION,
  RecordsFileSchema,
  type CheckedRecordsFile,
  type RecordsFileError,
} from './format';
import { timeText } from './import-dates';

export type ParseResult = { ok: true; file: CheckedRecordsFile } | { ok: false; error: RecordsFileError };

const NOTHING_CHANGED = 'Nothing was changed.';

function fail(code: RecordsFileError['code'], message: string): ParseResult {
  return { ok: false, error: { code, message: `${message} ${NOTHING_CHANGED}` } };
}

/**
 * Storage keys a records file may hold: the trust store's records, not its
 * schema record, a version 0 store, or the indexes and summary (derived from
 * the alerts: each store builds its own, so a file cannot forge them).
 */
export function isFileRecordKey(key: string): boolean {
  const kind = parseStorageKey(key).kind;
  return kind !== 'other' && kind !== 'schema' && kind !== 'legacy-v0' && !isDerivedKey(key);
}

export function parseRecordsFile(text: unknown, now: number): ParseResult {
  if (typeof text !== 'string') return fail('not-json', 'The file could not be read as text.');
  if (text.length > RECORDS_FILE_LIMITS.chars) {
    return fail('too-large', `The file is larger than ${RECORDS_FILE_LIMITS.chars / 1024 / 1024} MB, more than any KeyWatch records file.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('not-json', 'The file is not JSON: it is damaged or not a KeyWatch records file.');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || (data as { format?: unknown }).format !== RECORDS_FILE_FORMAT) {
    return fail('not-a-records-file', 'This is not a KeyWatch records file.');
  }
  const newer = newerVersion(data as { version?: unknown; storeVersion?: unknown });
  if (newer) return fail('future-version', newer);
  const parsed = v.safeParse(RecordsFileSchema, data);
  if (!parsed.success) return fail('malformed', `The file is damaged: ${describeIssues(parsed.issues)}.`);
  const file = parsed.output;
  if (file.exportedAt > now)
    return fail(
      'inconsistent',
      `The file says it was exported at ${timeText(file.exportedAt)}, later than this computer's clock (${timeText(now)}). A records file cannot come from the future: check this computer's date, or the file was altered.`,
    );
  const foreign = Object.keys(file.records).find((key) => !isFileRecordKey(key));
  if (foreign !== undefined)
    return fail('malformed', `The file is damaged: it holds a record under an unknown key (${JSON.stringify(foreign.slice(0, 200))}).`);

  const migrated = planMigration({ ...file.records, [SCHEMA_KEY]: { version: file.storeVersion } }, now);
  if (!migrated.ok) return fail('malformed', `The file's records cannot be read: ${migrated.reason}.`);
  const problem = migrated.problems[0];
  if (problem) return fail('malformed', `The file is damaged: record ${problem.key}: ${problem.reason}.`);
  const records: Record<string, unknown> = { ...file.records };
  for (const key of migrated.deletes) delete records[key];
  Object.assign(records, migrated.writes);
  delete records[SCHEMA_KEY];
  // The migration builds this store's derived records (indexes, summary, usage): never the file's.
  for (const key of Object.keys(records)) if (!isFileRecordKey(key)) delete records[key];
  // A file of any version may spell a key another way (an older store's, or edited by
  // hand): it is the same key, and compared with this store's only in the one spelling.
  const respelled = respellStore(new Map(Object.entries(records)), now);
  for (const key of respelled.remove) delete records[key];
  for (const [key, value] of respelled.set) records[key] = value;

  for (const [key, value] of Object.entries(records)) {
    if (parseStorageKey(key).kind !== 'contact') continue;
    const contact = v.parse(ContactRecordSchema, value);
    const contradiction = contactContradiction(contact);
    if (contradiction)
      return fail('inconsistent', `The file contradicts itself: contact ${contact.contactId} of ${contact.origin} ${contradiction}.`);
  }
  return { ok: true, file: { exportedAt: file.exportedAt, records, settings: file.settings } };
}

function newerVersion(data: { version?: unknown; storeVersion?: unknown }): string | null {
  const isWhole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
  if (isWhole(data.version) && data.version > RECORDS_FILE_VERSION) {
    return `This file was written by a newer KeyWatch (records file version ${data.version}); this KeyWatch reads version ${RECORDS_FILE_VERSION}. Update KeyWatch, then import it again.`;
  }
  if (isWhole(data.storeVersion) && data.storeVersion > CURRENT_SCHEMA_VERSION) {
    return `This file holds records of a newer KeyWatch (schema version ${data.storeVersion}); this KeyWatch understands up to version ${CURRENT_SCHEMA_VERSION}. Update KeyWatch, then import it again.`;
  }
  return null;
}

/** A contact the trust store could never have written: verified, but never verified at its current key. */
export function contactContradiction(c: ContactRecord): string | null {
  return c.trust === 'verified' && !c.verifications.some((x) => sameKey(x.key, c.currentKey))
    ? 'is marked verified without a verification of its current key'
    : null;
}
