// Building a records file from a full read of storage.local. Only sound
// records go in (a damaged one would make the file refuse its own import);
// each one left out is named with its reason, and stays where it is.

import { readSettings } from '../settings/site-settings';
import {
  CURRENT_SCHEMA_VERSION,
  parseStorageKey,
  readWith,
  recordsReader,
  SCHEMA_KEY,
  SchemaRecordSchema,
  validateRecordAt,
  type ContactRecord,
  type StoreProblem,
} from '../trust';
import { RECORDS_FILE_FORMAT, RECORDS_FILE_VERSION, type RecordsFile } from './format';
import { contactContradiction, isFileRecordKey } from './parse';

export interface ExportResult {
  file: RecordsFile;
  /** Records left out of the file because they are damaged. */
  skipped: StoreProblem[];
}

export function buildRecordsFile(all: Readonly<Record<string, unknown>>, now: number): ExportResult {
  const read = recordsReader(all);
  const schema = readWith(read, SCHEMA_KEY, SchemaRecordSchema);
  const records: Record<string, unknown> = {};
  const skipped: StoreProblem[] = [];
  for (const key of Object.keys(all).sort()) {
    if (!isFileRecordKey(key)) continue;
    const read = validateRecordAt(key, all[key]);
    if (read.status === 'corrupt') {
      skipped.push({ key, reason: read.reason });
      continue;
    }
    if (read.status !== 'ok') continue;
    const contradiction = parseStorageKey(key).kind === 'contact' ? contactContradiction(read.value as ContactRecord) : null;
    if (contradiction) skipped.push({ key, reason: `the contact ${contradiction}` });
    else records[key] = all[key];
  }
  return {
    file: {
      format: RECORDS_FILE_FORMAT,
      version: RECORDS_FILE_VERSION,
      exportedAt: now,
      storeVersion: schema.status === 'ok' ? schema.value.version : CURRENT_SCHEMA_VERSION,
      records,
      settings: readSettings(read).settings,
    },
    skipped,
  };
}

/**
 * The file as text: one record a line, each as compact JSON, so the file is
 * as long as the store counts its records (limits/usage.ts: key, JSON, four
 * characters) plus a few lines, and a store within its total bound exports
 * within the import's size limit.
 */
export function serializeRecordsFile(file: RecordsFile): string {
  const { records, settings, ...head } = file;
  const lines = Object.entries(records).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  const fields = Object.entries(head).map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)},\n`);
  return `{\n${fields.join('')}"records":{\n${lines.join(',\n')}\n},\n"settings":${JSON.stringify(settings)}\n}\n`;
}

/** e.g. keywatch-records-2026-11-22.json (UTC date). */
export function recordsFileName(now: number): string {
  return `keywatch-records-${new Date(now).toISOString().slice(0, 10)}.json`;
}
