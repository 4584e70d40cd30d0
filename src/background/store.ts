// The background's access to the trust store in storage.local. storage.local
// is the authority; this module keeps a complete copy of it in memory, loaded
// once when the worker starts, so reads on the hot path (ingest, badge, views)
// cost no storage round trip. The copy is only a cache: the background is the
// one writer of storage.local and every change goes through applyPlan, which
// writes storage first and the copy after. A stopped worker loads it again.
import { readKeys, removeKeys, writeKeys } from '../platform/storage';
import { serialized } from './serial';

let copy: Map<string, unknown> | null = null;
let loading: Promise<Map<string, unknown>> | null = null;

async function loaded(): Promise<Map<string, unknown>> {
  if (copy) return copy;
  loading ??= readKeys('local', null).then((all) => {
    copy = new Map(Object.entries(all));
    loading = null;
    return copy;
  }, (error: unknown) => {
    loading = null;
    throw error;
  });
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
}

/** Forgets the copy (after storage was changed wholesale, e.g. cleared). */
export function dropCopy(): void {
  copy = null;
}

export { serialized };
