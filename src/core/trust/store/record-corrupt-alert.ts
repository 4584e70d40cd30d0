// The record-corrupt alert of a record set aside (or found missing) outside an
// ingest: by the start-up check, a migration step, or a write that would
// otherwise replace it. No snapshot names it, so it is named by its key alone
// (the origin and account of a contact, conversation or roster chunk).

import { alertIdOf } from '../alerts/alert-id';
import { newAlertRecord } from '../alerts/alert-reconcile';
import type { CorruptFinding } from '../rules';
import { clip, EMPTY_FIELDS } from '../rules/fields';
import { quarantine } from './quarantine';
import type { StoreRead } from './read-record';
import type { AlertRecord, StoredRecord } from './record-schemas';
import { alertKey, parseStorageKey } from './storage-keys';

export function recordCorruptAlert(finding: CorruptFinding, now: number): AlertRecord {
  const where = parseStorageKey(finding.recordKey);
  const named = where.kind === 'contact' || where.kind === 'conversation' || where.kind === 'roster-chunk';
  const draft = {
    ...EMPTY_FIELDS,
    rule: 'record-corrupt' as const,
    origin: named ? where.origin : '',
    account: named ? where.account : '',
    conversationId: where.kind === 'conversation' || where.kind === 'roster-chunk' ? where.conversationId : null,
    detail: clip(finding.reason),
    recordKey: finding.recordKey,
    quarantineKey: finding.quarantineKey,
  };
  return newAlertRecord(alertIdOf(draft), draft, now);
}

export interface SetAsideWrites {
  /** The quarantine copy and, unless one is stored already, the record-corrupt alert. */
  writes: Record<string, StoredRecord>;
  /** The alert raised, or null when it was already stored. */
  raised: AlertRecord | null;
}

/**
 * For a plan about to write over a damaged record: the record's quarantine copy
 * and its record-corrupt alert, to write in the same batch, so that replacing
 * it loses nothing and says so.
 */
export function setAsideBeforeReplacing(read: StoreRead, key: string, reason: string, now: number): SetAsideWrites {
  const copy = quarantine(key, read(key), reason, now);
  const alert = recordCorruptAlert({ recordKey: key, quarantineKey: copy.key, reason }, now);
  const raised = read(alertKey(alert.id)) === undefined ? alert : null;
  const writes: Record<string, StoredRecord> = { [copy.key]: copy.record };
  if (raised) writes[alertKey(raised.id)] = raised;
  return { writes, raised };
}
