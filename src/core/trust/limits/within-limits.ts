// The limit check of a plan made from what a page showed (an ingest): a plan
// that would take its origin past one of the store's limits, or the whole
// store past its total, is not applied; in its place one alert is written (one
// per origin, or one for the whole store), and the plan is refused with the
// reason, so the tab says it was not checked. Every plan that passes gets the
// usage records it changes (usage.ts), in the same set.
// A damaged limit alert in the way is set aside (a quarantine copy and a
// record-corrupt alert in the same set), not written over unseen.
// Nothing is dropped without saying so, and nothing more is stored. A plan
// that adds nothing where a limit is reached still goes through (the same
// roster read again, a key changing back), so what is stored stays checked.

import { reconcileAlerts, uniqueDrafts } from '../alerts/alert-reconcile';
import { STORE_LIMITS, type StoreLimits } from './store-limits';
import { storedTotalChars, storedUsage, usageChange, usageWrites, withUsage, USAGE_MEASURES, type UsageChange } from './usage';
import { storageLimitFields, type LimitReached } from '../rules/storage-limit';
import { readWith, type StoreRead } from '../store/read-record';
import { setAsideBeforeReplacing } from '../store/record-corrupt-alert';
import { AlertRecordSchema, type AlertRecord, type StoredRecord } from '../store/record-schemas';
import { alertKey } from '../store/storage-keys';

export interface LimitRefusal {
  ok: false;
  reason: string;
  /** The limit alert to write in place of the plan (with the usage it adds): apply with one set. */
  limited: { limit: LimitReached; writes: Record<string, StoredRecord>; alerts: AlertRecord[] };
}

export function isLimitRefusal(result: { ok: boolean }): result is LimitRefusal {
  return !result.ok && 'limited' in result;
}

/** The first limit the change would take past its bound, or null. */
export function limitCrossed(read: StoreRead, origin: string, change: UsageChange, limits: StoreLimits): LimitReached | null {
  if (change.chars > 0 && storedTotalChars(read) + change.chars > limits.totalChars) return 'totalChars';
  const delta = change.origins.get(origin);
  if (!delta) return null;
  const before = storedUsage(read, origin);
  return USAGE_MEASURES.find((m) => delta[m] > 0 && before[m] + delta[m] > limits[m]) ?? null;
}

const LIMIT_WORDS: { readonly [L in LimitReached]: string } = {
  contacts: 'contacts',
  conversations: 'conversations',
  alerts: 'alerts',
  chars: 'characters of records',
  totalChars: 'characters of records of every site together',
};

/** The plan with its usage records, or the limit alert in its place. */
export function withinLimits<P extends { writes: Record<string, StoredRecord>; deletes: string[] }>(
  read: StoreRead,
  origin: string,
  plan: P,
  now: number,
  limits: StoreLimits = STORE_LIMITS,
): P | LimitRefusal {
  const change = usageChange(read, plan.writes, plan.deletes);
  const limit = limitCrossed(read, origin, change, limits);
  if (limit === null) {
    const usage = usageWrites(read, change) as Record<string, StoredRecord>;
    return Object.keys(usage).length === 0 ? plan : { ...plan, writes: { ...plan.writes, ...usage } };
  }
  const drafts = uniqueDrafts([{ rule: 'storage-limit', ...storageLimitFields(origin, limit) }]);
  const [id] = drafts.keys();
  const stored = readWith(read, alertKey(id!), AlertRecordSchema);
  const reconciled = reconcileAlerts(drafts, () => (stored.status === 'ok' ? stored.value : null), now);
  const writes: Record<string, StoredRecord> = {};
  if (stored.status === 'corrupt') {
    const setAside = setAsideBeforeReplacing(read, alertKey(id!), stored.reason, now);
    Object.assign(writes, setAside.writes);
    if (setAside.raised) reconciled.raised.push(setAside.raised);
  }
  for (const [alertId, record] of reconciled.writes) writes[alertKey(alertId)] = record;
  const reason =
    limit === 'totalChars'
      ? `not stored: KeyWatch's records reached their limit of ${limits.totalChars} ${LIMIT_WORDS[limit]}`
      : `not stored: the records of ${origin} reached their limit of ${limits[limit]} ${LIMIT_WORDS[limit]}`;
  return {
    ok: false,
    reason,
    limited: { limit, writes: withUsage(read, { writes, deletes: [] }).writes as Record<string, StoredRecord>, alerts: reconciled.raised },
  };
}
