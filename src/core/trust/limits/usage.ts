// How much of the store each origin uses: a summary record per origin and one
// for the whole store, kept by the single writer in the same set as the records
// they count (so a lazy background knows what an ingest would add without
// reading everything), made afresh from a full read by the full check
// (planMigration). Characters are counted as the records file writes a record:
// its key and its JSON, so the total bounds the export. The trust store's
// records count, and the open-alert indexes and badge summary kept beside them
// (not exported, but storage.local holds them, and the records page reads
// them): the writer adds the index updates to a plan before counting it. Keys
// the trust store does not own (settings, remembered signature checks) do not:
// they are written outside its plans, so no plan could keep their count exact.

import * as v from 'valibot';
import { readWith, type StoreRead } from '../store/read-record';
import { isUsageKey, parseStorageKey, USAGE_PREFIX, USAGE_TOTAL_KEY } from '../store/storage-keys';

export { isUsageKey, USAGE_PREFIX, USAGE_TOTAL_KEY };

const count = v.custom<number>((x) => Number.isSafeInteger(x) && (x as number) >= 0, 'expected a whole count');

export const UsageRecordSchema = v.object({
  origin: v.string('expected an origin'),
  contacts: count,
  conversations: count,
  alerts: count,
  chars: count,
});
export const UsageTotalSchema = v.object({ chars: count });

export type Usage = v.InferOutput<typeof UsageRecordSchema>;
export type UsageMeasure = 'contacts' | 'conversations' | 'alerts' | 'chars';
export const USAGE_MEASURES: readonly UsageMeasure[] = ['contacts', 'conversations', 'alerts', 'chars'];

export function usageKey(origin: string): string {
  return USAGE_PREFIX + origin.replace(/%/g, '%25');
}

/** What one record adds to the records file: `"key":value,` and a line break (records-file/export.ts). */
export function recordChars(key: string, value: unknown): number {
  return value === undefined ? 0 : JSON.stringify(key).length + JSON.stringify(value).length + 3;
}

/**
 * Which origin a record counts against, and as what; null for records of no
 * origin (schema, set aside); undefined for keys that are not counted at all.
 */
function attribution(
  key: string,
  value: unknown,
): { origin: string; as: 'contacts' | 'conversations' | 'alerts' | null } | null | undefined {
  const k = parseStorageKey(key);
  switch (k.kind) {
    case 'other':
      return undefined;
    case 'contact':
      return { origin: k.origin, as: 'contacts' };
    case 'conversation':
      return { origin: k.origin, as: 'conversations' };
    case 'roster-chunk':
    case 'notice-digest':
    case 'open-alerts':
      return { origin: k.origin, as: null };
    case 'alert': {
      const origin = (value as { origin?: unknown } | null)?.origin;
      return { origin: typeof origin === 'string' ? origin : '', as: 'alerts' };
    }
    default:
      return null;
  }
}

export interface UsageChange {
  /** Per origin, what changes. */
  origins: Map<string, Usage>;
  /** Characters added to the whole store (negative when it shrinks). */
  chars: number;
}

function add(change: UsageChange, key: string, value: unknown, sign: 1 | -1): void {
  if (value === undefined || isUsageKey(key)) return;
  const who = attribution(key, value);
  if (who === undefined) return;
  const chars = recordChars(key, value);
  change.chars += sign * chars;
  if (!who) return;
  const u = change.origins.get(who.origin) ?? { origin: who.origin, contacts: 0, conversations: 0, alerts: 0, chars: 0 };
  u.chars += sign * chars;
  if (who.as) u[who.as] += sign;
  change.origins.set(who.origin, u);
}

/** What writing `writes` and then removing `deletes` changes, against the values `read` gives now. */
export function usageChange(read: StoreRead, writes: Readonly<Record<string, unknown>>, deletes: readonly string[]): UsageChange {
  const change: UsageChange = { origins: new Map(), chars: 0 };
  const removed = deletes.filter((key) => !Object.hasOwn(writes, key));
  for (const key of [...Object.keys(writes), ...removed]) {
    if (isUsageKey(key)) continue;
    add(change, key, read(key), -1);
    add(change, key, Object.hasOwn(writes, key) ? writes[key] : undefined, 1);
  }
  return change;
}

/** An origin's usage as stored (nothing stored reads as nothing used: the start-up check writes the true figures). */
export function storedUsage(read: StoreRead, origin: string): Usage {
  const stored = readWith(read, usageKey(origin), UsageRecordSchema);
  return stored.status === 'ok' && stored.value.origin === origin
    ? stored.value
    : { origin, contacts: 0, conversations: 0, alerts: 0, chars: 0 };
}

export function storedTotalChars(read: StoreRead): number {
  const stored = readWith(read, USAGE_TOTAL_KEY, UsageTotalSchema);
  return stored.status === 'ok' ? stored.value.chars : 0;
}

/** The usage records after a change: to write in the same set as the records it counts. */
export function usageWrites(read: StoreRead, change: UsageChange): Record<string, unknown> {
  const writes: Record<string, unknown> = {};
  for (const [origin, delta] of change.origins) {
    const before = storedUsage(read, origin);
    if (USAGE_MEASURES.every((m) => delta[m] === 0)) continue;
    const after = { origin } as Usage;
    for (const m of USAGE_MEASURES) after[m] = Math.max(0, before[m] + delta[m]);
    writes[usageKey(origin)] = after;
  }
  if (change.chars !== 0) writes[USAGE_TOTAL_KEY] = { chars: Math.max(0, storedTotalChars(read) + change.chars) };
  return writes;
}

/** A plan's writes with the usage records it changes added. */
export function withUsage<P extends { writes: Record<string, unknown>; deletes?: readonly string[] }>(read: StoreRead, plan: P): P {
  const writes = usageWrites(read, usageChange(read, plan.writes, plan.deletes ?? []));
  return Object.keys(writes).length === 0 ? plan : { ...plan, writes: { ...plan.writes, ...writes } };
}

/** The usage records of a whole store counted afresh, against those stored: what to write and remove. */
export function planUsageRebuild(all: Readonly<Record<string, unknown>>): { writes: Record<string, unknown>; deletes: string[] } {
  const fresh = usageOf(all);
  const writes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fresh)) if (JSON.stringify(all[key]) !== JSON.stringify(value)) writes[key] = value;
  const deletes = Object.keys(all).filter((key) => isUsageKey(key) && !Object.hasOwn(fresh, key));
  return { writes, deletes };
}

/**
 * Brings the usage records of `store` in line with a full read of it, in place
 * (the full check, after the migration, the record check and retention);
 * unchanged ones keep their object, so they are not written again.
 */
export function rebuildUsageIn(store: Map<string, unknown>): void {
  const fresh = usageOfRecords(store);
  for (const key of [...store.keys()]) if (isUsageKey(key) && !Object.hasOwn(fresh, key)) store.delete(key);
  for (const [key, record] of Object.entries(fresh)) if (JSON.stringify(store.get(key)) !== JSON.stringify(record)) store.set(key, record);
}

/**
 * Whether the usage records a change adds to cannot be trusted: the total
 * missing or damaged (the full check always writes it), or an origin's record
 * damaged. The writer then asks for the full check, which counts them afresh.
 */
export function usageInDoubt(read: StoreRead, change: UsageChange): boolean {
  if (change.chars === 0 && change.origins.size === 0) return false;
  if (readWith(read, USAGE_TOTAL_KEY, UsageTotalSchema).status !== 'ok') return true;
  for (const origin of change.origins.keys()) {
    const stored = readWith(read, usageKey(origin), UsageRecordSchema);
    if (stored.status === 'corrupt' || (stored.status === 'ok' && stored.value.origin !== origin)) return true;
  }
  return false;
}

/** Every usage record of a whole store, counted afresh (the full check). */
export function usageOf(all: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return usageOfRecords(Object.entries(all));
}

function usageOfRecords(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const change: UsageChange = { origins: new Map(), chars: 0 };
  for (const [key, value] of entries) add(change, key, value, 1);
  const records: Record<string, unknown> = { [USAGE_TOTAL_KEY]: { chars: change.chars } };
  for (const [origin, u] of change.origins) records[usageKey(origin)] = u;
  return records;
}
