// How long the last ingest took, kept in storage.session for the benchmarks and
// for anyone diagnosing a slow page. Never leaves the browser.
import { log } from './log';
import type { CheckStats } from '../core/signatures/deferred-checks';
import { readKeys, writeKeys } from '../platform/storage';
import { CARRY_METRICS_KEY, type CarryOutcome } from './store-carry';
import { WHOLE_ASKED_METRICS_KEY } from './disclosure-bases';

export const INGEST_METRICS_KEY = 'metrics/ingest';
/** The last snapshot's key and signature checks: how many, how many remembered, where verified, how long. */
export const CHECK_METRICS_KEY = 'metrics/checks';

export interface IngestTiming {
  participants: number;
  /** Reading what the snapshot touches and planning the changes (pure work on the cached copy). */
  planMs: number;
  writeMs: number;
  totalMs: number;
}

/** Never throws, like recordCheckStats. */
export async function recordIngestTiming(timing: IngestTiming): Promise<void> {
  await writeKeys('session', { [INGEST_METRICS_KEY]: { ...timing, at: Date.now() } }).catch((error: unknown) =>
    log.error('the figures of the last ingest could not be recorded', error),
  );
}

/** `totalMs`: from the snapshot's first run to its verdicts, memory and checks included. */
/** Never throws: a full storage.session must not stop the checks whose figures these are (and the alerts after them). */
export async function recordCheckStats(stats: CheckStats, totalMs: number): Promise<void> {
  await writeKeys('session', { [CHECK_METRICS_KEY]: { ...stats, totalMs, at: Date.now() } }).catch((error: unknown) =>
    log.error('the figures of the last checks could not be recorded', error),
  );
}

/** Never throws, like recordCheckStats. */
export async function recordCarryOutcome(outcome: CarryOutcome): Promise<void> {
  await writeKeys('session', { [CARRY_METRICS_KEY]: { ...outcome, at: Date.now() } }).catch((error: unknown) =>
    log.error('what became of the carried copy could not be recorded', error),
  );
}

/**
 * Counts a change answered "send it whole" (a second trip for the page's whole text). Written only then, which is
 * rare: a content script that learned the background stopped sends the whole text at once. Never throws.
 */
export async function recordWholeAsked(reason: string): Promise<void> {
  try {
    const before = (await readKeys('session', [WHOLE_ASKED_METRICS_KEY]))[WHOLE_ASKED_METRICS_KEY] as { count?: unknown } | undefined;
    const count = typeof before?.count === 'number' ? before.count + 1 : 1;
    await writeKeys('session', { [WHOLE_ASKED_METRICS_KEY]: { count, reason, at: Date.now() } });
  } catch (error) {
    log.error('a request for a whole text could not be counted', error);
  }
}
