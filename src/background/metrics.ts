// How long the last ingest took, kept in storage.session for the benchmarks and
// for anyone diagnosing a slow page. Never leaves the browser.
import { writeKeys } from '../platform/storage';

export const INGEST_METRICS_KEY = 'metrics/ingest';

export interface IngestTiming {
  participants: number;
  /** Reading what the snapshot touches and planning the changes (pure work on the cached copy). */
  planMs: number;
  writeMs: number;
  totalMs: number;
}

export async function recordIngestTiming(timing: IngestTiming): Promise<void> {
  await writeKeys('session', { [INGEST_METRICS_KEY]: { ...timing, at: Date.now() } });
}
