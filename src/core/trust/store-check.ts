// The start-up check of a whole store at the current version: every record the
// trust store owns is validated; a damaged one is set aside (copied to
// quarantine, then removed) and announced by a record-corrupt alert. Damaged
// quarantine records are only reported: nothing is ever set aside twice.

import { EMPTY_DRAFT_FIELDS, clip } from './alert-draft';
import { alertIdOf } from './alert-id';
import { newAlertRecord } from './alert-reconcile';
import type { StoreProblem } from './plan-builder';
import { quarantine } from './quarantine';
import { validateRecordAt } from './read-record';
import type { AlertRecord } from './record-schemas';
import { alertKey, parseStorageKey, SCHEMA_KEY } from './storage-keys';

export interface CheckResult {
  problems: StoreProblem[];
  alerts: AlertRecord[];
}

/** Checks `store` in place: sets aside what is damaged, adds the alerts. */
export function checkStore(store: Map<string, unknown>, now: number): CheckResult {
  const result: CheckResult = { problems: [], alerts: [] };
  for (const [key, value] of [...store]) {
    if (key === SCHEMA_KEY) continue;
    const where = parseStorageKey(key);
    const reason = where.kind === 'legacy-v0'
      ? 'a version 0 store left next to a newer one'
      : (() => {
          const check = validateRecordAt(key, value);
          return check.status === 'corrupt' ? check.reason : null;
        })();
    if (reason === null) continue;
    if (where.kind === 'quarantine') {
      result.problems.push({ key, reason: `damaged quarantine record, left as it is: ${reason}` });
      continue;
    }
    const q = quarantine(key, value, reason, now);
    store.set(q.key, q.record);
    store.delete(key);
    result.problems.push({ key, reason });
    const origin = where.kind === 'contact' || where.kind === 'conversation' ? where.origin : '';
    const account = where.kind === 'contact' || where.kind === 'conversation' ? where.account : '';
    const draft = { ...EMPTY_DRAFT_FIELDS, rule: 'record-corrupt' as const, origin, account, detail: clip(reason), recordKey: key, quarantineKey: q.key };
    const id = alertIdOf(draft);
    if (!store.has(alertKey(id))) {
      const alert = newAlertRecord(id, draft, now);
      store.set(alertKey(id), alert);
      result.alerts.push(alert);
    }
  }
  return result;
}

