// The background's access to the trust store in storage.local. storage.local
// is the authority; this module keeps a copy of it in memory so that plans read
// without a storage round trip. Today the copy is loaded whole when the worker
// starts; every plan still runs through planWithStore, which loads any record a
// plan asks for that the copy does not know and runs the plan again, so the
// copy could be filled lazily without any plan knowing. The copy is only a
// cache: the background is the one writer of storage.local and every change
// goes through applyPlan, which writes storage first and the copy after. A
// stopped worker loads it again.
import { ALERT_PREFIX, alertsIn, collectAlerts, compareAlerts, type AlertRecord, type StoreRead } from '../core/trust';
import { readKeys, removeKeys, writeKeys } from '../platform/storage';
import { runPlanRounds } from './plan-rounds';
import { serialized } from './serial';

interface StoreCopy {
  values: Map<string, unknown>;
  /** Keys known to be absent from storage.local. */
  absent: Set<string>;
  /** The copy holds all of storage.local: a key it does not hold is absent. */
  complete: boolean;
}

let copy: StoreCopy | null = null;
/** The alert records of the copy, validated once; kept in step by applyPlan. */
let alerts: Map<string, AlertRecord> | null = null;
let loading: Promise<StoreCopy> | null = null;

async function loaded(): Promise<StoreCopy> {
  if (copy) return copy;
  loading ??= readKeys('local', null).then(
    (all) => {
      copy = { values: new Map(Object.entries(all)), absent: new Set(), complete: true };
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

/** Loads these keys from storage.local into the copy: each one's value, or that there is none. */
async function loadKeys(store: StoreCopy, keys: string[]): Promise<void> {
  const found = await readKeys('local', keys);
  for (const key of keys) {
    if (Object.hasOwn(found, key)) store.values.set(key, found[key]);
    else store.absent.add(key);
  }
}

/**
 * Runs a pure plan against the store: it reads through `read`, synchronously,
 * from the copy; records the copy does not know are loaded and the plan run
 * again (see plan-rounds.ts). Run inside `serialized` when its result is written.
 */
export async function planWithStore<T>(plan: (read: StoreRead) => T): Promise<T> {
  const store = await loaded();
  return runPlanRounds(
    plan,
    {
      knows: (key) => store.complete || store.values.has(key) || store.absent.has(key),
      get: (key) => store.values.get(key),
    },
    (keys) => loadKeys(store, keys),
  );
}

/** All of storage.local, for what needs every record (start-up check, export). */
export async function getAllLocal(): Promise<Record<string, unknown>> {
  const store = await loaded();
  if (!store.complete) {
    const all = await readKeys('local', null);
    store.values = new Map(Object.entries(all));
    store.absent.clear();
    store.complete = true;
  }
  return Object.fromEntries(store.values);
}

/** Applies a plan: one set (atomic in both browsers), then one remove; the copy follows. */
export async function applyPlan(plan: { writes: Record<string, unknown>; deletes: string[] }): Promise<void> {
  const deletes = plan.deletes.filter((key) => !Object.hasOwn(plan.writes, key));
  await writeKeys('local', plan.writes);
  await removeKeys('local', deletes);
  const store = await loaded();
  for (const [key, value] of Object.entries(plan.writes)) {
    store.values.set(key, value);
    store.absent.delete(key);
  }
  for (const key of deletes) {
    store.values.delete(key);
    store.absent.add(key);
  }
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
