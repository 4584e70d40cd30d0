// The start-up check of a whole store at the current version: every record the
// trust store owns is validated; a damaged one is set aside (copied to
// quarantine, then removed) and announced by a record-corrupt alert. Damaged
// quarantine records are only reported: nothing is ever set aside twice.
// Then each roster chunk is checked against its conversation (chunkProblems).
// Records the migration steps set aside on the way are reported here too, with
// their alerts, once the store is at the version those alerts are written in.

import type { CorruptFinding } from '../../rules';
import type { StoreProblem } from '../plan-builder';
import { quarantine } from '../quarantine';
import { recordCorruptAlert } from '../record-corrupt-alert';
import { readValue, validateRecordAt } from '../read-record';
import { ConversationRecordSchema, type AlertRecord, type RosterChunkRecord } from '../record-schemas';
import { misfitReason, missingReason, rosterChunkKeys } from '../stored-roster';
import { alertNeedsRespelling, respellStore } from './key-respelling';
import { alertKey, conversationKey, isDerivedKey, parseStorageKey, SCHEMA_KEY } from '../storage-keys';

export interface CheckResult {
  problems: StoreProblem[];
  alerts: AlertRecord[];
}

interface Finding {
  key: string;
  reason: string;
  /** Copy the value to quarantine and remove it (false: report a missing record). */
  setAside: boolean;
  /** Raise record-corrupt (false for leftovers that hold nothing current). */
  alert: boolean;
}

/**
 * Checks `store` in place: sets aside what is damaged, adds the alerts. `setAsideBefore`: what the migration set
 * aside (its copies are in the store already), reported first.
 */
export function checkStore(store: Map<string, unknown>, now: number, setAsideBefore: readonly CorruptFinding[] = []): CheckResult {
  const result: CheckResult = { problems: [], alerts: [] };
  for (const finding of setAsideBefore) report(store, finding, true, now, result);
  const damaged = new Set<string>();
  const respellingLeftovers: string[] = [];
  for (const [key, value] of [...store]) {
    // Derived records are not checked but built again from the others (planMigration, last).
    if (key === SCHEMA_KEY || isDerivedKey(key)) continue;
    const where = parseStorageKey(key);
    const reason =
      where.kind === 'legacy-v0'
        ? 'a version 0 store left next to a newer one'
        : (() => {
            const check = validateRecordAt(key, value);
            return check.status === 'corrupt' ? check.reason : null;
          })();
    if (reason === null) {
      if (where.kind === 'alert' && alertNeedsRespelling(value as AlertRecord)) respellingLeftovers.push(key);
      continue;
    }
    if (where.kind === 'quarantine') {
      result.problems.push({ key, reason: `damaged quarantine record, left as it is: ${reason}` });
      continue;
    }
    handle(store, { key, reason, setAside: true, alert: true }, now, result);
    damaged.add(key);
  }
  for (const finding of chunkProblems(store, damaged)) handle(store, finding, now, result);
  finishRespelling(store, respellingLeftovers, now);
  return result;
}

/**
 * Chunks against their conversations (every record left is valid by now; those
 * just set aside as damaged are already reported): a
 * chunk no conversation counts (its record is gone, or it is beyond the count:
 * left from a larger roster when the worker stopped before removing it) is set
 * aside quietly; a chunk cut for another count is damaged; a counted chunk
 * that is not there is missing.
 */
function chunkProblems(store: ReadonlyMap<string, unknown>, damaged: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const [key, value] of store) {
    const where = parseStorageKey(key);
    if (where.kind === 'conversation') {
      const header = readValue(key, value, ConversationRecordSchema);
      if (header.status !== 'ok') continue;
      for (const chunkKey of rosterChunkKeys(header.value)) {
        if (!store.has(chunkKey) && !damaged.has(chunkKey))
          findings.push({ key: chunkKey, reason: missingReason(header.value), setAside: false, alert: true });
      }
    }
    if (where.kind !== 'roster-chunk') continue;
    const headerKey = conversationKey(where.origin, where.account, where.conversationId);
    const header = store.has(headerKey) ? readValue(headerKey, store.get(headerKey), ConversationRecordSchema) : null;
    const chunk = value as RosterChunkRecord;
    if (header?.status !== 'ok') {
      findings.push({ key, reason: 'a roster chunk without its conversation record', setAside: true, alert: false });
    } else if (where.index >= header.value.rosterChunks) {
      findings.push({
        key,
        reason: `a roster chunk beyond the ${header.value.rosterChunks} its conversation counts`,
        setAside: true,
        alert: false,
      });
    } else {
      const misfit = misfitReason(header.value, chunk);
      if (misfit) findings.push({ key, reason: misfit, setAside: true, alert: true });
    }
  }
  return findings;
}

/**
 * An alert still in another spelling at the current version was left by a
 * respelling (version 3 → 4) whose removal step never ran: its respelled copy
 * was written with the schema record. Respelling it again finds that copy,
 * keeps it as it is now and removes the leftover; nothing is lost or raised.
 */
function finishRespelling(store: Map<string, unknown>, leftovers: readonly string[], now: number): void {
  if (leftovers.length === 0) return;
  const step = respellStore(store, now, leftovers, true);
  for (const key of step.remove) store.delete(key);
  for (const [key, value] of step.set) store.set(key, value);
}

function handle(store: Map<string, unknown>, finding: Finding, now: number, result: CheckResult): void {
  const { key, reason } = finding;
  let quarantineKey: string | null = null;
  if (finding.setAside) {
    const q = quarantine(key, store.get(key), reason, now);
    store.set(q.key, q.record);
    store.delete(key);
    quarantineKey = q.key;
  }
  report(store, { recordKey: key, quarantineKey, reason }, finding.alert, now, result);
}

function report(store: Map<string, unknown>, finding: CorruptFinding, alert: boolean, now: number, result: CheckResult): void {
  result.problems.push({ key: finding.recordKey, reason: finding.reason });
  if (!alert) return;
  const record = recordCorruptAlert(finding, now);
  if (!store.has(alertKey(record.id))) {
    store.set(alertKey(record.id), record);
    result.alerts.push(record);
  }
}
