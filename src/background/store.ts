// The background's access to the trust store in storage.local. storage.local
// is the authority; this module keeps a copy of the records requests have read
// so far, filled lazily: a woken worker holds nothing, and each plan loads what
// it asks for (planWithStore: a record the copy does not know is loaded and the
// plan run again). So a request reads its conversation, its roster chunks, its
// people, their open alerts (through the indexes), the badge summary and the
// usage records the limits are checked against, not the whole store. The copy is only a cache: the background is the one writer of
// storage.local and every change goes through applyPlan, which writes storage
// first and the copy after. A stopped worker starts again with an empty copy,
// and takes in the one the last worker carried over (store-carry.ts) when
// storage.local has not changed since.
import {
  decodeStore,
  encodeStore,
  SUMMARY_KEY,
  SummaryRecordSchema,
  readValue,
  takeCarriedVerdict,
  carriedVerdictOf,
  withDerivedUpdates,
  withinLimitsInStep,
  type LimitRefusalInStep,
  type StoreChanges,
  type StoreRead,
  type StoredRecord,
} from '../core/trust';
import { bytesInUse, readKeys, readKeysInParts, removeKeys, writeKeys } from '../platform/storage';
import { log } from './log';
import { runPlanRounds } from './plan-rounds';
import { recordCarryOutcome } from './metrics';
import { CARRY_KEY, carryFits, carryText, newStamp, readCarry, sameStamp, STAMP_KEY } from './store-carry';
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

/** storage.local's stamp (store-carry.ts) as this worker last read or wrote it; null while unknown or absent. */
let stamp: string | null = null;
/** Writes begun and not yet applied to the copy: no copy is carried meanwhile. */
let writing = 0;
/** Writes of the trust store this worker made: their order (storeWrites). */
let written = 0;
let carried: Promise<void> | null = null;
let carryTimer: ReturnType<typeof setTimeout> | null = null;
/** What the carried copy this worker last wrote costs storage.session; 0 when it wrote none (counted as taking no room). */
let carriedBytes = 0;
/** How long after a write the copy is carried: a burst of writes is carried once. */
const CARRY_DELAY_MS = 50;

/**
 * A load of this many keys or more first takes in the copy a stopped worker left: reading and parsing it costs about
 * what reading a few dozen records does, so smaller loads (waking, the badge, a popup of a small group) go to storage.
 */
const CARRY_WORTH_KEYS = 64;

/** Takes in, once per worker, the copy a stopped worker left, if storage.local has not changed since. Never throws. */
function takeCarriedCopy(): Promise<void> {
  carried ??= Promise.all([readKeys('local', [STAMP_KEY]), readKeys('session', [CARRY_KEY])])
    .then(([local, session]) => {
      const now = local[STAMP_KEY];
      if (stamp === null && typeof now === 'string') stamp = now;
      const text = session[CARRY_KEY];
      // The outcome is recorded without waiting for it: loads wait for this promise, and not for a figure.
      if (text === undefined) return void recordCarryOutcome({ refused: 'none' });
      // A write by this worker since it read the stamp, or one on its way, also makes the carried copy stale.
      if (writing > 0 || stamp !== now || !sameStamp(text, now)) return void recordCarryOutcome({ refused: 'stale' });
      const known = readCarry(text, now);
      if (!known) return void recordCarryOutcome({ refused: 'damaged' });
      // Only keys the copy does not know are taken: what this worker read or wrote itself is newer.
      copy.adopt(known);
      // With the verdicts of the values it took: their first reads here are not checks again.
      let withVerdict = 0;
      known.values.forEach(([key, value], at) => {
        const verdict = known.verdicts[at]!;
        if (verdict === 0 || copy.get(key) !== value) return;
        takeCarriedVerdict(key, value, verdict);
        withVerdict++;
      });
      return void recordCarryOutcome({ taken: known.values.length + known.absent.length, withVerdict });
    })
    .catch((error: unknown) => log.error('the carried copy of the trust store could not be read', error));
  return carried;
}

/**
 * Starts taking in the carried copy now, whatever the first load's size: a report's handler calls it as the report
 * arrives, so the copy arrives while the page's text is asked for again and parsed, not after.
 */
export function takeCarriedCopySoon(): void {
  void takeCarriedCopy();
}

async function loadIntoCopy(store: StoreCopy, keys: string[]): Promise<void> {
  if (keys.length >= CARRY_WORTH_KEYS && store === copy) await takeCarriedCopy();
  await store.load(keys);
}

/** Leaves what the copy knows in storage.session, soon after a write (store-carry.ts). */
function carrySoon(): void {
  if (carryTimer !== null) clearTimeout(carryTimer);
  carryTimer = setTimeout(() => {
    carryTimer = null;
    bytesInUse('session')
      .then((used) => {
        // A write under way, or one since the timer, carries when it ends.
        if (writing > 0 || carryTimer !== null) return;
        // Taken and handed to storage in this same turn: no write can come between the copy and its stamp.
        const carry = stamp === null ? null : carryText(stamp, copy.known(), carriedVerdictOf);
        if (carry === null) {
          carriedBytes = 0;
          return removeKeys('session', [CARRY_KEY]);
        }
        if (!carryFits(carry.bytes, used, carriedBytes)) return;
        return writeKeys('session', { [CARRY_KEY]: carry.text }).then(() => {
          carriedBytes = carry.bytes;
        });
      })
      .catch((error: unknown) => log.error('the copy of the trust store could not be carried', error));
  }, CARRY_DELAY_MS);
}

/**
 * Runs a pure plan against the store: it reads through `read`, synchronously,
 * from the copy; records the copy does not know are loaded and the plan run
 * again (see plan-rounds.ts). Run inside `serialized` when its result is written.
 */
export async function planWithStore<T>(plan: (read: StoreRead) => T): Promise<T> {
  if (copy.size > MAX_COPY_RECORDS) copy = newCopy();
  const store = copy;
  return runPlanRounds(plan, store, (keys) => loadIntoCopy(store, keys));
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
  // A new stamp in the same set as the records: from now on no copy carried before this write is taken in.
  const next = newStamp();
  writing++;
  try {
    await writeKeys('local', { ...encodeStore(plan.writes), [STAMP_KEY]: next });
    stamp = next;
    written++;
    await removeKeys('local', deletes);
    copy.apply(plan.writes, deletes);
  } catch (error) {
    // What storage holds is in doubt: start again from storage.
    copy = newCopy();
    throw error;
  } finally {
    writing--;
  }
  carrySoon();
  const summary = Object.hasOwn(plan.writes, SUMMARY_KEY) ? readValue(SUMMARY_KEY, plan.writes[SUMMARY_KEY], SummaryRecordSchema) : null;
  if (summary?.status === 'ok' && summary.value.rebuild) indexesInDoubt?.();
}

/**
 * How many writes of the trust store this worker has made: read right after applyPlan (inside `serialized`), the
 * number of that write, which orders it among this worker's writes (roster-replacements.ts).
 */
export function storeWrites(): number {
  return written;
}

/** Forgets the copy, and the carried one (after storage was changed wholesale, e.g. cleared). */
export async function dropCopy(): Promise<void> {
  copy = newCopy();
  stamp = null;
  if (carryTimer !== null) clearTimeout(carryTimer);
  carryTimer = null;
  carriedBytes = 0;
  await removeKeys('session', [CARRY_KEY]);
}

export { serialized };
