// The background's access to the trust store in storage.local. storage.local
// is the authority; this module keeps a complete copy of it in memory, loaded
// once when the worker starts, so reads on the hot path (ingest, badge, views)
// cost no storage round trip. The copy is only a cache: the background is the
// one writer of storage.local and every change goes through applyPlan, which
// writes storage first and the copy after. A stopped worker loads it again.
import { ALERT_PREFIX, alertsIn, collectAlerts, compareAlerts, type AlertRecord } from '../core/trust';
import { readKeys, removeKeys, writeKeys } from '../platform/storage';
import { serialized } from './serial';

let copy: Map<string, unknown> | null = null;
/** The alert records of the copy, validated once; kept in step by applyPlan. */
let alerts: Map<string, AlertRecord> | null = null;
let loading: Promise<Map<string, unknown>> | null = null;

async function loaded(): Promise<Map<string, unknown>> {
  if (copy) return copy;
  loading ??= readKeys('local', null).then(
    (all) => {
      copy = new Map(Object.entries(all));
      loading = null;
      return copy;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

export async function getLocal(keys: string[]): Promise<Record<string, unknown>> {
  const store = await loaded();
  const out: Record<string, unknown> = {};
  for (const key of keys) if (store.has(key)) out[key] = store.get(key);
  return out;
}

export async function getAllLocal(): Promise<Record<string, unknown>> {
  return Object.fromEntries(await loaded());
}

/** Applies a plan: one set (atomic in both browsers), then one remove; the copy follows. */
export async function applyPlan(plan: { writes: Record<string, unknown>; deletes: string[] }): Promise<void> {
  const deletes = plan.deletes.filter((key) => !Object.hasOwn(plan.writes, key));
  await writeKeys('local', plan.writes);
  await removeKeys('local', deletes);
  const store = await loaded();
  for (const [key, value] of Object.entries(plan.writes)) store.set(key, value);
  for (const key of deletes) store.delete(key);
  if (alerts) {
    for (const alert of alertsIn(plan.writes)) alerts.set(alert.id, alert);
    for (const key of deletes) if (key.startsWith(ALERT_PREFIX)) alerts.delete(key.slice(ALERT_PREFIX.length));
  }
}

/** Every stored alert, loudest first. */
export async function allAlerts(): Promise<AlertRecord[]> {
  if (!alerts) alerts = new Map(collectAlerts(await getAllLocal()).alerts.map((a) => [a.id, a]));
  return [...alerts.values()].sort(compareAlerts);
}

/** Forgets the copy (after storage was changed wholesale, e.g. cleared). */
export function dropCopy(): void {
  copy = null;
  alerts = null;
}

export { serialized };
