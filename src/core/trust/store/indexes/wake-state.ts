// What a woken background must do before its first answer, from three small
// records (the schema, the badge summary and the usage total) instead of a
// read of everything: serve at once, or run the full check first (an older
// store to migrate, a summary missing, damaged or asking for a rebuild, usage
// records never counted). A store from a newer
// version is left alone without reading it. The full check also comes due
// once a day (it finds damaged records no request has read, and compacts old
// notices), but then it runs after the answer, not before.

import { readWith, type StoreRead } from '../read-record';
import { SchemaRecordSchema } from '../record-schemas';
import { SummaryRecordSchema, type SummaryRecord } from '../index-schemas';
import { CURRENT_SCHEMA_VERSION, SCHEMA_KEY, SUMMARY_KEY } from '../storage-keys';
import { USAGE_TOTAL_KEY, UsageTotalSchema } from '../../limits/usage';

/** How often the whole store is read and checked while the browser keeps running. */
export const FULL_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

export type WakeState =
  | { status: 'ready'; summary: SummaryRecord; checkDue: boolean }
  | { status: 'check-first'; reason: string }
  | { status: 'newer'; reason: string };

export function wakeState(read: StoreRead, now: number): WakeState {
  const schema = readWith(read, SCHEMA_KEY, SchemaRecordSchema);
  if (schema.status === 'ok' && schema.value.version > CURRENT_SCHEMA_VERSION) {
    return {
      status: 'newer',
      reason: `the stored data is at schema version ${schema.value.version}, newer than this KeyWatch understands (${CURRENT_SCHEMA_VERSION}); nothing was changed`,
    };
  }
  if (schema.status !== 'ok' || schema.value.version !== CURRENT_SCHEMA_VERSION)
    return {
      status: 'check-first',
      reason: schema.status === 'ok' ? `schema version ${schema.value.version}` : `schema record ${schema.status}`,
    };
  const summary = readWith(read, SUMMARY_KEY, SummaryRecordSchema);
  if (summary.status !== 'ok') return { status: 'check-first', reason: `badge summary ${summary.status}` };
  if (summary.value.rebuild) return { status: 'check-first', reason: 'the indexes are in doubt' };
  // The limits of the store are checked against the usage records: without them an ingest would count from nothing.
  const usage = readWith(read, USAGE_TOTAL_KEY, UsageTotalSchema);
  if (usage.status !== 'ok') return { status: 'check-first', reason: `usage total ${usage.status}` };
  const checkedAt = summary.value.checkedAt;
  return {
    status: 'ready',
    summary: summary.value,
    checkDue: checkedAt === null || now - checkedAt >= FULL_CHECK_INTERVAL_MS || now < checkedAt,
  };
}
