// Retention: the store grows with contacts and keys, not with time. An alert
// record that is closed, not critical, and whose condition has not been found
// for the retention period is folded into the digest of its kind and
// conversation (how many, their occurrences, first and last raised, and the
// latest one whole for the records page to show), then removed.
//
// Never compacted: an open alert (it still needs the user), a critical one
// (what an attack looks like stays on record, one by one), anything younger
// than the period. A contact's key history is not in alerts at all: the
// contact record keeps every identity key and device ever seen, with first and
// last sight, and every verification, and retention never touches it.

import type { Severity } from '../../rules';
import { readValue } from '../read-record';
import { AlertRecordSchema, type AlertRecord } from '../record-schemas';
import { NoticeDigestRecordSchema, type NoticeDigestRecord } from '../index-schemas';
import { ALERT_PREFIX, noticeDigestKey } from '../storage-keys';

const DAY = 24 * 60 * 60 * 1000;

/**
 * 30 days. A month of closed notices stays listed one by one, so what
 * happened recently can be reviewed (and exported) in detail; what they
 * record for the long term is kept in the contact records anyway.
 */
export const NOTICE_RETENTION_MS = 30 * DAY;

/** What retention may compact once closed and old: everything but critical alerts. */
export const COMPACTED_SEVERITIES: ReadonlySet<Severity> = new Set(['info', 'warning']);

/** Whether retention folds this alert into a digest now. */
export function isCompactable(alert: AlertRecord, now: number): boolean {
  const before = now - NOTICE_RETENTION_MS;
  return (
    alert.state === 'acknowledged' &&
    COMPACTED_SEVERITIES.has(alert.severity) &&
    alert.acknowledgedAt !== null &&
    alert.acknowledgedAt <= before &&
    alert.lastRaised <= before &&
    alert.lastSeen <= before
  );
}

/** Folds one more closed alert into its digest (or starts one). */
export function foldNotice(digest: NoticeDigestRecord | null, alert: AlertRecord): NoticeDigestRecord {
  if (!digest) {
    return {
      origin: alert.origin,
      account: alert.account,
      conversationId: alert.conversationId,
      rule: alert.rule,
      notices: 1,
      occurrences: alert.occurrences,
      firstRaised: alert.firstRaised,
      lastRaised: alert.lastRaised,
      latest: alert,
    };
  }
  return {
    ...digest,
    notices: digest.notices + 1,
    occurrences: digest.occurrences + alert.occurrences,
    firstRaised: Math.min(digest.firstRaised, alert.firstRaised),
    lastRaised: Math.max(digest.lastRaised, alert.lastRaised),
    latest: alert.lastRaised > digest.latest.lastRaised ? alert : digest.latest,
  };
}

/**
 * Compacts, in place, every alert of `store` that retention may compact now;
 * returns how many. A digest found damaged is left for the check (it has run
 * before this) and its notices are not folded.
 */
export function compactNotices(store: Map<string, unknown>, now: number): number {
  const digests = new Map<string, DigestEntry>();
  let compacted = 0;
  for (const [key, value] of [...store]) {
    if (!key.startsWith(ALERT_PREFIX)) continue;
    const read = readValue(key, value, AlertRecordSchema);
    if (read.status !== 'ok' || !isCompactable(read.value, now)) continue;
    const alert = read.value;
    const digestKey = noticeDigestKey(alert.origin, alert.account, alert.conversationId, alert.rule);
    if (!digests.has(digestKey)) digests.set(digestKey, storedDigest(store, digestKey));
    const entry = digests.get(digestKey)!;
    if (entry === 'damaged') continue;
    store.delete(key);
    if (isSameRaising(alert, entry.storedLatest)) continue;
    entry.digest = foldNotice(entry.digest, alert);
    store.set(digestKey, entry.digest);
    compacted++;
  }
  return compacted;
}

/** A digest being folded into (null until started), and its `latest` as stored before this check. */
type DigestEntry = { digest: NoticeDigestRecord | null; storedLatest: AlertRecord | null } | 'damaged';

function storedDigest(store: ReadonlyMap<string, unknown>, digestKey: string): DigestEntry {
  const stored = readValue(digestKey, store.get(digestKey), NoticeDigestRecordSchema);
  if (stored.status === 'corrupt') return 'damaged';
  const digest = stored.status === 'ok' ? stored.value : null;
  return { digest, storedLatest: digest?.latest ?? null };
}

/**
 * The digest's `latest` is kept whole, so an alert that is that very raising (same
 * id, same last raise) is already counted: it is still stored only because the
 * check that folded it stopped before its removal. It is removed, not counted
 * again. Compared with the digest as stored, before this check folds anything
 * newer into it. The other alerts that check folded cannot be told apart (a
 * digest keeps no list of what it counted, which would grow with it): they are
 * counted again, an over-count, never a loss.
 */
function isSameRaising(alert: AlertRecord, latest: AlertRecord | null): boolean {
  return latest !== null && latest.id === alert.id && latest.lastRaised === alert.lastRaised;
}
