// Keeping the open-alert indexes and the badge summary in step with a plan:
// for every alert record the plan writes or deletes, the entry of its former
// version (read through the same reader) leaves its indexes and the counts,
// and the entry of its new version joins them. The changes go into the plan's
// own writes, so they reach storage.local in the same `set` as the alerts:
// a stopped worker never leaves one without the other.
//
// When the indexes cannot be trusted — no summary, a damaged index record, or
// a damaged alert record replaced (whether the index counted it is unknown) —
// the summary is written with `rebuild: true`, and the background rebuilds
// every index from a full read (planIndexRebuild) before it trusts them again.

import { readValue, readWith, type StoreRead } from '../read-record';
import { AlertRecordSchema, type AlertRecord } from '../record-schemas';
import { OpenAlertsRecordSchema, SummaryRecordSchema, type OpenAlertEntry } from '../index-schemas';
import { ALERT_PREFIX, SUMMARY_KEY } from '../storage-keys';
import { countOpen, entryOf, indexRecord, noOpenAlerts, subjectsOf, summaryRecord, type IndexSubject } from './open-alert-index';

export interface StoreChanges {
  writes: Record<string, unknown>;
  deletes?: readonly string[];
}

/**
 * An index as stored (its entries in order of id, each once: the schema holds it to that) and the entries that
 * leave and join it. A conversation's index lists up to one entry per member: one alert joining it must not cost
 * a map of 10,000 entries, so the stored list is searched and merged, not copied into a map.
 */
interface LoadedIndex {
  subject: IndexSubject;
  stored: readonly OpenAlertEntry[];
  left: Set<string>;
  joined: Map<string, OpenAlertEntry>;
  existed: boolean;
  changed: boolean;
}

export interface IndexUpdateOptions {
  /** Another derived record (a usage record) was found in doubt: the summary asks for the full rebuild. */
  inDoubt?: boolean;
}

/** The writes and deletes that keep the derived records in step with `changes`, against the store `read` gives. */
export function indexUpdates(
  read: StoreRead,
  changes: StoreChanges,
  options: IndexUpdateOptions = {},
): { writes: Record<string, unknown>; deletes: string[] } {
  const deletes = changes.deletes ?? [];
  const touched = new Set<string>();
  for (const key of Object.keys(changes.writes)) if (key.startsWith(ALERT_PREFIX)) touched.add(key);
  for (const key of deletes) if (key.startsWith(ALERT_PREFIX) && !Object.hasOwn(changes.writes, key)) touched.add(key);
  if (touched.size === 0 && !options.inDoubt) return { writes: {}, deletes: [] };

  const stored = readWith(read, SUMMARY_KEY, SummaryRecordSchema);
  let rebuild = stored.status !== 'ok' || stored.value.rebuild || options.inDoubt === true;
  const counts = stored.status === 'ok' ? { ...stored.value.open } : noOpenAlerts();
  const indexes = new Map<string, LoadedIndex>();
  const indexOf = (subject: IndexSubject): LoadedIndex => {
    let index = indexes.get(subject.key);
    if (!index) {
      const found = readWith(read, subject.key, OpenAlertsRecordSchema);
      if (found.status === 'corrupt') rebuild = true;
      const stored = found.status === 'ok' ? found.value.open : [];
      index = {
        subject,
        stored,
        left: new Set(),
        joined: new Map(),
        existed: found.status !== 'absent',
        changed: found.status === 'corrupt',
      };
      indexes.set(subject.key, index);
    }
    return index;
  };

  for (const key of touched) {
    const before = readValue(key, read(key), AlertRecordSchema);
    const after = Object.hasOwn(changes.writes, key) ? readValue(key, changes.writes[key], AlertRecordSchema) : null;
    if (before.status === 'corrupt' || after?.status === 'corrupt') rebuild = true;
    const was = before.status === 'ok' && before.value.state === 'open' ? before.value : null;
    const is = after?.status === 'ok' && after.value.state === 'open' ? after.value : null;
    if (was && is && sameListing(was, is)) continue;
    if (was) leave(was);
    if (is) join(is);
  }
  const countsChanged =
    stored.status !== 'ok' || (['critical', 'warning', 'info'] as const).some((s) => counts[s] !== stored.value.open[s]);

  const writes: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const [key, index] of indexes) {
    if (!index.changed) continue;
    const entries = entriesAfter(index);
    if (entries.length > 0) writes[key] = indexRecord(index.subject, entries);
    else if (index.existed) removed.push(key);
  }
  if (counts.critical < 0 || counts.warning < 0 || counts.info < 0) rebuild = true;
  const open = { critical: Math.max(0, counts.critical), warning: Math.max(0, counts.warning), info: Math.max(0, counts.info) };
  if (countsChanged || rebuild !== (stored.status === 'ok' && stored.value.rebuild))
    writes[SUMMARY_KEY] = summaryRecord(open, stored.status === 'ok' ? stored.value.checkedAt : null, rebuild);
  return { writes, deletes: removed };

  function leave(alert: AlertRecord): void {
    countOpen(counts, alert.severity, -1);
    for (const subject of subjectsOf(alert)) {
      const index = indexOf(subject);
      if (isListed(index, alert.id)) {
        index.joined.delete(alert.id);
        if (has(index.stored, alert.id)) index.left.add(alert.id);
        index.changed = true;
      } else rebuild = true;
    }
  }

  function join(alert: AlertRecord): void {
    countOpen(counts, alert.severity, 1);
    const entry = entryOf(alert);
    for (const subject of subjectsOf(alert)) {
      const index = indexOf(subject);
      index.joined.set(alert.id, entry);
      index.changed = true;
    }
  }
}

/** Whether the index lists this alert now (as stored and not left since, or joined since). */
function isListed(index: LoadedIndex, id: string): boolean {
  return index.joined.has(id) || (!index.left.has(id) && has(index.stored, id));
}

/** Whether entries in order of id hold this id (a binary search). */
function has(entries: readonly OpenAlertEntry[], id: string): boolean {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = entries[mid]!.id;
    if (at === id) return true;
    if (at < id) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** The index's entries after the changes, in order of id: the stored ones but those left or joined again, and those joined. */
function entriesAfter(index: LoadedIndex): OpenAlertEntry[] {
  const joined = [...index.joined.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const entries: OpenAlertEntry[] = [];
  let j = 0;
  for (let i = 0; i < index.stored.length; i++) {
    const e = index.stored[i]!;
    while (j < joined.length && joined[j]!.id < e.id) entries.push(joined[j++]!);
    if (j < joined.length && joined[j]!.id === e.id) continue; // replaced by the entry joined
    if (index.left.size === 0 || !index.left.has(e.id)) entries.push(e);
  }
  while (j < joined.length) entries.push(joined[j++]!);
  return entries;
}

/** Whether an alert that stays open is listed exactly as before (same indexes, same entry). */
function sameListing(a: AlertRecord, b: AlertRecord): boolean {
  return (
    a.severity === b.severity &&
    a.lastRaised === b.lastRaised &&
    a.origin === b.origin &&
    a.account === b.account &&
    a.contactId === b.contactId &&
    a.conversationId === b.conversationId
  );
}

/** The plan with the derived records' updates added to its writes and deletes. */
export function withIndexUpdates<P extends StoreChanges>(
  read: StoreRead,
  plan: P,
  options: IndexUpdateOptions = {},
): P & { deletes: string[] } {
  const updates = indexUpdates(read, plan, options);
  const deletes = [...(plan.deletes ?? []), ...updates.deletes];
  // Nothing to add (no alert written, say a roster seen again an hour later): the plan's writes as they are, not a
  // copy of 10,000 of them (withUsage does the same).
  if (Object.keys(updates.writes).length === 0) return { ...plan, deletes };
  return { ...plan, writes: { ...plan.writes, ...updates.writes }, deletes };
}
