// The background's copy of the trust store, carried over a stopped worker.
// Chrome stops an idle service worker after about 30 seconds, and a woken one
// would read again every record a report touches: a 1,000-person
// conversation's contacts are 1,000 keys of storage.local, which Firefox pays
// for per key. So, after each write, the background leaves what its copy
// knows in storage.session (in memory, gone with the browser) as one string,
// and a woken worker takes it in before its first plan.
//
// It is used only when it is exactly what storage.local holds: every write of
// the trust store puts a new random stamp into storage.local in the same set
// (store.ts, applyPlan), and the copy is carried with the stamp it was taken
// at, only while no write is on its way. A carried copy whose stamp is not the
// one in storage.local is not used: a write since then (even one stopped half
// done), a store cleared, replaced or restored. docs/storage.md, "The carried copy".
//
// It also carries, for each record, whether this worker found it valid
// (core/trust/store/read-record.ts, carriedVerdictOf): a woken worker then reads
// those records without checking each again. Only the background writes
// storage.session (content scripts cannot read or write it), the copy is the
// same bytes storage.local holds at the stamp, and checking a record is a
// function of the record alone, so the verdict is the one it would reach. This
// rests, as the verdicts kept in memory do, on no reader changing a stored
// value in place (plans copy before they change anything).
import { entryBytes, SESSION_QUOTA_BYTES } from '../adapters/matrix/background/session-bytes';

/** storage.session: the carried copy, one string. */
export const CARRY_KEY = 'store/carried-copy';
/** storage.local: the stamp of the last write of the trust store. Not a record of the store (never exported or checked). */
export const STAMP_KEY = 'store/stamp';
export const CARRY_FORMAT = 2;
/** storage.session: what the last woken worker did with the carried copy (metrics.ts). */
export const CARRY_METRICS_KEY = 'metrics/carried-copy';

export type CarryOutcome =
  /** Taken in: this many records and keys known absent, of which `withVerdict` came with the verdict found on them. */
  | { taken: number; withVerdict: number }
  /** Not used: none carried, or carried at another stamp than storage.local's (a write since, a store cleared), or damaged. */
  | { refused: 'none' | 'stale' | 'damaged' };
/**
 * The largest carried copy, in bytes as either browser charges them: storage.session's 10 MiB hold at most 6 MiB of
 * Matrix state (session-plan.ts) and the tabs' state beside it. A 1,000-person conversation's records take about
 * 1.4 MB; one of about 2,000 people fits. A larger copy is not carried: the next worker reads storage.local.
 */
export const MAX_CARRY_BYTES = 3 * 1024 * 1024;

export interface KnownRecords {
  values: ReadonlyArray<readonly [string, unknown]>;
  absent: readonly string[];
}

/** What a copy knows, with the verdict carried for each value (by position; 0 for none). */
export interface CarriedRecords extends KnownRecords {
  verdicts: readonly number[];
}

export function newStamp(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Room the carried copy always leaves free in storage.session: a cache must not take the last of the area from the
 * state that matters there (the tabs', Matrix's), nor make room appear and vanish under it as it is rewritten.
 */
export const CARRY_MARGIN_BYTES = 1024 * 1024;

/**
 * The carried form of what a copy knows at `stamp`, with each value's verdict (`verdictOf`, 0 for none) and what it
 * costs the area; null when larger than MAX_CARRY_BYTES.
 */
export function carryText(
  stamp: string,
  known: KnownRecords,
  verdictOf: (key: string, value: unknown) => number = () => 0,
): { text: string; bytes: number } | null {
  const verdicts = known.values.map(([key, value]) => verdictOf(key, value));
  const text = JSON.stringify({ format: CARRY_FORMAT, stamp, values: known.values, absent: known.absent, verdicts });
  // Characters first: a text too long in characters is too large in bytes, and is not counted.
  if (text.length > MAX_CARRY_BYTES) return null;
  const bytes = entryBytes(CARRY_KEY, text);
  return bytes <= MAX_CARRY_BYTES ? { text, bytes } : null;
}

/**
 * Whether a carried copy of `bytes` may be written, the area using `usedBytes` now, of which `replacedBytes` are the
 * copy it replaces: only when it leaves CARRY_MARGIN_BYTES free. Otherwise it is not written, and nothing is removed
 * to make room (an older copy left there is never taken in: its stamp is not storage.local's).
 */
export function carryFits(bytes: number, usedBytes: number, replacedBytes: number): boolean {
  return usedBytes - replacedBytes + bytes <= SESSION_QUOTA_BYTES - CARRY_MARGIN_BYTES;
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isVerdictNumber = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 255;

/** Whether a carried text names this stamp, read without parsing it (it opens with it: see carryText). */
export function sameStamp(text: unknown, stamp: unknown): boolean {
  return isString(text) && isString(stamp) && stamp.length > 0 && text.startsWith(carryOpening(stamp));
}

const carryOpening = (stamp: string) => `{"format":${CARRY_FORMAT},"stamp":${JSON.stringify(stamp)},`;

/**
 * What a carried copy knew, when it was taken at `stamp` (storage.local's stamp now); null for anything else: no
 * stamp, another one, another format, or a damaged text (then the worker reads storage.local as if nothing was carried).
 */
export function readCarry(text: unknown, stamp: unknown): CarriedRecords | null {
  if (!isString(text) || !isString(stamp) || stamp.length === 0 || text.length > MAX_CARRY_BYTES) return null;
  let carried: unknown;
  try {
    carried = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof carried !== 'object' || carried === null) return null;
  const { format, stamp: at, values, absent, verdicts } = carried as Record<string, unknown>;
  if (format !== CARRY_FORMAT || at !== stamp || !Array.isArray(values) || !Array.isArray(absent) || !absent.every(isString)) return null;
  const pairs = values as unknown[];
  if (!pairs.every((pair) => Array.isArray(pair) && pair.length === 2 && isString(pair[0]))) return null;
  if (!Array.isArray(verdicts) || verdicts.length !== pairs.length || !verdicts.every(isVerdictNumber)) return null;
  return { values: pairs as Array<[string, unknown]>, absent: absent as string[], verdicts: verdicts as number[] };
}
