// The year-of-use store itself: what it holds (built with the core's own
// functions, bench/year/stores.ts), how much retention leaves of it and that
// it kept every key history and every open and critical alert, and what a
// store holding only its largest conversation weighs. The browser
// measurements on these stores are in year-wake.bench.ts. Sizes are of the
// store as storage.local holds it (contacts, roster chunks and alerts in their
// compact stored form since schema version 6), against the same year as
// version 5 stored it (every record as it reads), which is the 25.4 MB of the
// goal.
import { encodeStore, parseStorageKey, type AlertRecord } from '../src/core/trust';
import { megabytes, storeFigures } from '../src/core/trust/testing/year-of-use/figures';
import { checkRetention } from '../src/core/trust/testing/year-of-use/retention-check';
import { NOTICE_RETENTION_MS } from '../src/core/trust';
import { type Benchmark } from './harness';
import { startYearServer, yearStores, type Store } from './year/stores';

/** The issue's year store, before retention: the size the retention goal is a share of. */
const ISSUE_YEAR_BYTES = 25.4e6;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Bytes of a store as storage.local holds it at this version (the stored form). */
function storedBytes(store: Store): number {
  return Buffer.byteLength(JSON.stringify(encodeStore(store)));
}

/** Bytes of the records retention may not drop: every contact, roster and conversation, every critical or open alert. */
function keptWhole(store: Store, stored: Store = store): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(store)) {
    const kind = parseStorageKey(key).kind;
    const alert = kind === 'alert' ? (value as AlertRecord) : null;
    if (
      kind === 'contact' ||
      kind === 'roster-chunk' ||
      kind === 'conversation' ||
      (alert && (alert.severity === 'critical' || alert.state === 'open'))
    )
      bytes += Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(JSON.stringify(stored[key])) + 2;
  }
  return bytes;
}

const benchmark: Benchmark = {
  name: 'Year of use: the store, and what retention leaves of it',
  async run(bench) {
    const server = await startYearServer();
    await server.close();
    const stores = yearStores(server.origin);
    bench.print(
      stores.builtMs === null
        ? '  stores: from the cache (artifacts/year-of-use/)'
        : `  stores built in ${(stores.builtMs / 1000).toFixed(1)} s (cached for the next run)`,
    );
    const year = storeFigures(stores.year);
    const bySeverity = ['info', 'warning', 'critical'].map((s) => `${year.alertsBySeverity[s] ?? 0} ${s}`).join(', ');
    bench.print(
      `  year store: ${year.records} records, ${megabytes(year.bytes)} of JSON, alerts ${megabytes(year.byKind.alert?.bytes ?? 0)} ` +
        `(${year.alerts} alerts: ${bySeverity}; ${year.openAlerts} open)`,
    );
    bench.print(
      `  ${year.contacts} contacts (${year.contactsWithKeyChanges} with 3 or more identity keys), ${year.keys} keys (identity and device keys ever seen), ` +
        `${year.verifications} verifications, ${year.conversations} conversations`,
    );
    bench.print(
      `  by kind: ${Object.entries(year.byKind)
        .map(([kind, k]) => `${kind} ${k.records} (${megabytes(k.bytes)})`)
        .join(', ')}`,
    );

    const yearStored = storedBytes(stores.year);
    bench.print(
      `  the same year in the stored form of this version (before retention): ${megabytes(yearStored)}, ${(yearStored / year.bytes).toFixed(2)}× as version 5 stored it`,
    );
    const after = storeFigures(stores.retained);
    const afterStored = storedBytes(stores.retained);
    const check = checkRetention(stores.year, stores.retained);
    bench.print(
      `  after retention (closed, not critical, not found for ${NOTICE_RETENTION_MS / DAY_MS} days): ${megabytes(afterStored)} stored ` +
        `(${megabytes(after.bytes)} as version 5 would store it), ${(afterStored / year.bytes).toFixed(2)}× this year store as version 5 stored it, ` +
        `${(afterStored / yearStored).toFixed(2)}× in this version's form; ${stores.compacted} alerts compacted into ${after.byKind['notice-digest']?.records ?? 0} digests`,
    );
    bench.print(
      `  kept as they were: ${check.contacts} contacts (every key history) and ${check.keptAlerts} open or critical alerts; lost: ${check.lost.length}`,
    );
    const floor = keptWhole(stores.year);
    const floorStored = keptWhole(stores.year, encodeStore(stores.year));
    bench.print(
      `  what retention may not drop (contacts, rosters, conversations, open and critical alerts): ${megabytes(floorStored)} stored, ` +
        `${(floorStored / year.bytes).toFixed(2)}× this year store as version 5 stored it (${megabytes(floor)} in version 5's form)`,
    );
    bench.goal('store after retention, share of the issue’s 25.4 MB year store', afterStored / ISSUE_YEAR_BYTES, 0.4, '×');
    bench.goal('store after retention, share of this year store', afterStored / year.bytes, 0.4, '×');
    if (check.lost.length > 0) bench.print(`  MISSED: retention lost ${check.lost.slice(0, 3).join(', ')}…`);

    const only = storeFigures(stores.onlyLargest);
    bench.print(
      `  store holding only the ${'1,000'}-person conversation: ${only.records} records, ${megabytes(storedBytes(stores.onlyLargest))} stored, ${only.alerts} alerts`,
    );
  },
};

export default benchmark;
