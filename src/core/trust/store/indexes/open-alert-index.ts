// The open-alert indexes and the badge summary, as a full read of the store
// would build them. Every open alert is listed under the contact it is about
// and under the conversation it was raised in (either may be none), with its
// severity and when it was last raised; the summary counts the open alerts by
// severity. A view finds a conversation's open alerts from the conversation's
// index and its members' indexes, and the badge needs the summary alone.

import type { Severity } from '../../rules';
import { readValue } from '../read-record';
import { AlertRecordSchema, type AlertRecord } from '../record-schemas';
import type { OpenAlertEntry, OpenAlertsRecord, SummaryRecord } from '../index-schemas';
import { ALERT_PREFIX, isIndexKey, openAlertsKey, SUMMARY_KEY, type OpenAlertSubject } from '../storage-keys';

export type OpenCounts = SummaryRecord['open'];

export const noOpenAlerts = (): OpenCounts => ({ critical: 0, warning: 0, info: 0 });

export interface IndexSubject {
  key: string;
  subject: OpenAlertSubject;
  origin: string;
  account: string;
  id: string;
}

/** The indexes an open alert is listed in: its contact's and its conversation's. */
export function subjectsOf(alert: Pick<AlertRecord, 'origin' | 'account' | 'contactId' | 'conversationId'>): IndexSubject[] {
  const subjects: IndexSubject[] = [];
  const add = (subject: OpenAlertSubject, id: string | null) => {
    if (id !== null)
      subjects.push({
        key: openAlertsKey(subject, alert.origin, alert.account, id),
        subject,
        origin: alert.origin,
        account: alert.account,
        id,
      });
  };
  add('contact', alert.contactId);
  add('conversation', alert.conversationId);
  return subjects;
}

export function entryOf(alert: AlertRecord): OpenAlertEntry {
  return { id: alert.id, severity: alert.severity, lastRaised: alert.lastRaised };
}

/** An index record of these entries (ordered by id), as stored. */
export function indexRecord(subject: IndexSubject, entries: Iterable<OpenAlertEntry>): OpenAlertsRecord {
  const open = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { subject: subject.subject, origin: subject.origin, account: subject.account, id: subject.id, open };
}

export function summaryRecord(open: OpenCounts, checkedAt: number | null, rebuild = false): SummaryRecord {
  return { open: { critical: open.critical, warning: open.warning, info: open.info }, checkedAt, rebuild };
}

export function countOpen(counts: OpenCounts, severity: Severity, by: 1 | -1): void {
  counts[severity] += by;
}

/**
 * Every index record and the summary, from every record of the store (sound
 * open alerts only: a damaged alert is the check's business, and counts for nothing).
 */
export function buildIndexes(
  records: Iterable<readonly [string, unknown]>,
  checkedAt: number | null,
): Map<string, OpenAlertsRecord | SummaryRecord> {
  const bySubject = new Map<string, { subject: IndexSubject; entries: OpenAlertEntry[] }>();
  const open = noOpenAlerts();
  for (const [key, value] of records) {
    if (!key.startsWith(ALERT_PREFIX)) continue;
    const read = readValue(key, value, AlertRecordSchema);
    if (read.status !== 'ok' || read.value.state !== 'open') continue;
    countOpen(open, read.value.severity, 1);
    for (const subject of subjectsOf(read.value)) {
      const index = bySubject.get(subject.key) ?? { subject, entries: [] };
      index.entries.push(entryOf(read.value));
      bySubject.set(subject.key, index);
    }
  }
  const built = new Map<string, OpenAlertsRecord | SummaryRecord>();
  for (const [key, { subject, entries }] of bySubject) built.set(key, indexRecord(subject, entries));
  built.set(SUMMARY_KEY, summaryRecord(open, checkedAt));
  return built;
}

/** Brings the derived records of `store` in line with a full read of it, in place; unchanged ones keep their object. */
export function rebuildIndexesIn(store: Map<string, unknown>, checkedAt: number | null): void {
  const built = buildIndexes(store, checkedAt);
  for (const key of [...store.keys()]) if (isIndexKey(key) && !built.has(key)) store.delete(key);
  for (const [key, record] of built) {
    if (JSON.stringify(store.get(key)) !== JSON.stringify(record)) store.set(key, record);
  }
}

/**
 * How the derived records of a whole store differ from what a full read
 * builds: each key that is missing, extra or different. Empty when they agree
 * (the summary's `checkedAt` aside).
 */
export function indexDifferences(all: Readonly<Record<string, unknown>>): string[] {
  const built = buildIndexes(Object.entries(all), null);
  const differences: string[] = [];
  for (const [key, record] of built) {
    const stored = all[key];
    const comparable = key === SUMMARY_KEY && stored && typeof stored === 'object' ? { ...stored, checkedAt: null } : stored;
    if (JSON.stringify(comparable) !== JSON.stringify(record))
      differences.push(stored === undefined ? `missing ${key}` : `different ${key}`);
  }
  for (const key of Object.keys(all)) if (isIndexKey(key) && !built.has(key)) differences.push(`extra ${key}`);
  return differences;
}
