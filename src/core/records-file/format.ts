// The records file: the whole of what KeyWatch remembers, as one versioned
// JSON document the user can keep and import elsewhere (docs/storage.md,
// "Records file"). It holds the trust store's records exactly as stored, by
// storage key, with the store's schema version, so a file from an older
// KeyWatch is brought up to date by the same migrations as the store itself.

import * as v from 'valibot';
import { SettingsRecordSchema } from '../settings/site-settings';
import { RECORD_LIMITS } from '../trust';

export const RECORDS_FILE_FORMAT = 'keywatch-records';
/** The layout of the file itself (not of the records in it, which `storeVersion` names). */
export const RECORDS_FILE_VERSION = 1;

/** Bounds far above any real record, so a hostile file cannot exhaust the background. */
export const RECORDS_FILE_LIMITS = {
  chars: 64 * 1024 * 1024,
  records: 1_000_000,
} as const;

const time = v.custom<number>((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0, 'expected a time in milliseconds since 1970');
const storageKey = v.custom<string>(
  (x) => typeof x === 'string' && x.length > 0 && x.length <= RECORD_LIMITS.storageKey,
  'expected a storage key',
);

export const RecordsFileSchema = v.strictObject(
  {
    format: v.literal(RECORDS_FILE_FORMAT, 'not a KeyWatch records file'),
    version: v.literal(RECORDS_FILE_VERSION, `expected format version ${RECORDS_FILE_VERSION}`),
    exportedAt: time,
    storeVersion: v.pipe(
      v.number('expected a schema version'),
      v.integer('expected a whole schema version'),
      v.minValue(0, 'negative schema version'),
    ),
    records: v.pipe(
      v.record(storageKey, v.unknown(), 'expected the records by storage key'),
      v.check((r) => Object.keys(r).length <= RECORDS_FILE_LIMITS.records, `more than ${RECORDS_FILE_LIMITS.records} records`),
    ),
    settings: SettingsRecordSchema,
  },
  'unexpected field at the top of the file',
);

export type RecordsFile = v.InferOutput<typeof RecordsFileSchema>;

/** A file that passed every check, its records brought to the current schema. */
export interface CheckedRecordsFile {
  exportedAt: number;
  /** The store's records by key (no `schema` record), at the current schema version. */
  records: Record<string, unknown>;
  settings: v.InferOutput<typeof SettingsRecordSchema>;
}

export type RecordsFileErrorCode = 'too-large' | 'not-json' | 'not-a-records-file' | 'future-version' | 'malformed' | 'inconsistent';

export interface RecordsFileError {
  code: RecordsFileErrorCode;
  /** What is wrong, in plain words, ending with what happened to the user's records (nothing). */
  message: string;
}
