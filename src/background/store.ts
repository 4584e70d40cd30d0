// The background's access to the trust store in storage.local. storage.local
// is the authority; this module keeps a copy of the records requests have read
// so far, filled lazily: a woken worker holds nothing, and each plan loads what
// it asks for (planWithStore: a record the copy does not know is loaded and the
// plan run again). So a request reads its conversation, its roster chunks, its
// people, their open alerts (through the indexes), the badge summary and the
// usage records the limits are checked against, not the whole store. The copy is only a cache: the background is the one writer of
// storage.local and every change goes through applyPlan, which writes storage
// first and the copy after. A stopped worker starts again with an empty copy.
import {
  decodeStore,
  encodeStore,
  SUMMARY_KEY,
  SummaryRecordSchema,
  readValue,
  withDerivedUpdates,
  withinLimitsInStep,
  type LimitRefusalInStep,
  type StoreChanges,
  type StoreRead,
  type StoredRecord,
} from '../core/trust';
import { readKeys, readKeysInParts, removeKeys, writeKeys } from '../platform/storage';
import { runPlanRounds } from './plan-rounds';
import { StoreCopy } from './store-copy';
import { serialized } from './serial';

/**
 * Records the copy may hold before it is dropped (at the start of a plan, never
 * during one): a few large conversations with their people and alerts. A
 * worker that lives long and reads many conversations does not end up holding
 * the whole store.
 */
export const MAX_COPY_RECORDS = 15_000;

const newCopy = () => new StoreCopy(async (keys) => decodeStore(await readKeysInParts('local', keys)));
let copy = newCopy();

/**
 * Runs a pure plan against the store: it reads through `read`, synchronously,
 * from the copy; records the copy does not know are loaded and the plan run
 * again (see plan-rounds.ts). Run inside `serialized` when its result is written.
 */
export async function planWithStore<T>(plan: (read: StoreRead) => T): Promise<T> {
  if (copy.size > MAX_COPY_RECORDS) copy = newCopy();
  const store = copy;
  return runPlanRounds(plan, store, (keys) => store.load(keys));
}

type WritePlan = ({ ok: true } & StoreChanges) | { ok: false };

/**
 * A plan that writes: run as planWithStore, and when it succeeds, with the
 * updates of every derived record added to its writes (the open-alert indexes,
 * the badge summary, the usage records), so they reach storage in the same
 * `set`. Every write of the trust store but the full check and clearing (which
 * build them from a full read) goes through here or planWriteWithinLimits.
 */
export async function planWrite<P extends WritePlan>(plan: (read: StoreRead) => P): Promise<P> {
  return planWithStore((read) => {
    const planned = plan(read);
    // The same plan, with more writes and deletes: its type is unchanged.
    return (planned.ok ? withDerivedUpdates(read, planned as { ok: true } & StoreChanges) : planned) as P;
  });
}

type PagePlan = { ok: true; writes: Record<string, StoredRecord>; deletes: string[] };

/**
 * A plan made from what a page showed (`origin`'s): as planWrite, and taken in
 * only within the limits of the store; at a limit, refused with the limit
 * alert (and its derived records) to write in its place.
 */
export async function planWriteWithinLimits<R extends PagePlan | { ok: false }>(
  origin: string,
  now: number,
  plan: (read: StoreRead) => R,
): Promise<R | LimitRefusalInStep> {
  return planWithStore((read) => {
    const planned = plan(read);
    // The same plan, with more writes and deletes: its type is unchanged.
    return planned.ok ? (withinLimitsInStep(read, origin, planned as PagePlan, now) as R | LimitRefusalInStep) : planned;
  });
}

/** All of storage.local, read afresh, decoded, and not kept in the copy (the full check, the export). */
export async function readWholeStore(): Promise<Record<string, unknown>> {
  return decodeStore(await readKeys('local', null));
}

let indexesInDoubt: (() => void) | null = null;

/** Called after a write that left the indexes in doubt (the summary asks for a rebuild). */
export function onIndexesInDoubt(listener: () => void): void {
  indexesInDoubt = listener;
}

/** Applies a plan: one set (atomic in both browsers) in the stored form, then one remove; the copy follows, as records. */
export async function applyPlan(plan: { writes: Record<string, unknown>; deletes?: readonly string[] }): Promise<void> {
  const deletes = (plan.deletes ?? []).filter((key) => !Object.hasOwn(plan.writes, key));
  await writeKeys('local', encodeStore(plan.writes));
  await removeKeys('local', deletes);
  copy.apply(plan.writes, deletes);
  const summary = Object.hasOwn(plan.writes, SUMMARY_KEY) ? readValue(SUMMARY_KEY, plan.writes[SUMMARY_KEY], SummaryRecordSchema) : null;
  if (summary?.status === 'ok' && summary.value.rebuild) indexesInDoubt?.();
}

/** Forgets the copy (after storage was changed wholesale, e.g. cleared). */
export function dropCopy(): void {
  copy = newCopy();
}

export { serialized };
