// A records file written by an older KeyWatch (trust store schema version 1,
// rosters inside conversation records; version 2, alert texts inside alert
// records) is brought up to date by the store's own migrations: importing it
// gives what migrating that store gives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CURRENT_SCHEMA_VERSION,
  indexDifferences,
  isDerivedKey,
  parseStorageKey,
  planMigration,
  planUsageRebuild,
  SCHEMA_KEY,
  withDerivedUpdates,
} from '../trust';
import { applyPlan, emptyStore, storeReader, T0 } from '../trust/testing/test-support';
import { parseRecordsFile } from './parse';
import { planImport } from './plan-import';

const NOW = T0 + 10 ** 9;

describe.each([1, 2])('a records file from schema version %i', (version) => {
  const fixture = JSON.parse(readFileSync(new URL(`../trust/testing/fixtures/store-v${version}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

  /** The fixture without the records it damages on purpose (a file holding one is refused as a whole). */
  function soundStore(): Record<string, unknown> {
    const check = planMigration(fixture, NOW);
    if (!check.ok) throw new Error(check.reason);
    expect(check.problems.length).toBeGreaterThan(0);
    const damaged = new Set(check.problems.map((p) => p.key));
    return Object.fromEntries(Object.entries(fixture).filter(([key]) => !damaged.has(key)));
  }

  it('holding a damaged record is refused whole, naming it', () => {
    const records = Object.fromEntries(
      Object.entries(fixture).filter(([key]) => key !== SCHEMA_KEY && parseStorageKey(key).kind !== 'other'),
    );
    const parsed = parseRecordsFile(
      JSON.stringify({
        format: 'keywatch-records',
        version: 1,
        exportedAt: T0,
        storeVersion: version,
        records,
        settings: { disabledSites: [] },
      }),
      NOW,
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.error).toMatchObject({
        code: 'malformed',
        message: expect.stringMatching(/^The file is damaged: record v1\/.*Nothing was changed\.$/),
      });
  });

  it('is migrated on import to what the migrated store holds', () => {
    expect(CURRENT_SCHEMA_VERSION).toBeGreaterThan(version);
    const oldStore = soundStore();
    const records = Object.fromEntries(
      Object.entries(oldStore).filter(([key]) => key !== SCHEMA_KEY && parseStorageKey(key).kind !== 'other'),
    );
    const text = JSON.stringify({
      format: 'keywatch-records',
      version: 1,
      exportedAt: NOW,
      storeVersion: version,
      records,
      settings: { disabledSites: [] },
    });
    const parsed = parseRecordsFile(text, NOW);
    if (!parsed.ok) throw new Error(parsed.error.message);

    const migration = planMigration(oldStore, NOW);
    if (!migration.ok) throw new Error(migration.reason);
    expect(migration.problems).toEqual([]);
    expect(Object.keys(parsed.file.records).some((key) => parseStorageKey(key).kind === 'roster-chunk')).toBe(true);
    const migrated = applyPlan(oldStore, migration);
    const owned = (store: Record<string, unknown>) => Object.fromEntries(Object.entries(store).filter(([key]) => key !== 'options'));
    expect(parsed.file.records).toEqual(
      Object.fromEntries(Object.entries(owned(migrated)).filter(([key]) => key !== SCHEMA_KEY && !isDerivedKey(key))),
    );

    const plan = planImport(storeReader(emptyStore()), parsed.file, {}, NOW);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.preview.refused).toEqual([]);
    // Imported as the background imports: with the derived records kept (the summary differs only in when the
    // store was last checked; the usage counts the alerts as imported, marked).
    const imported = applyPlan(emptyStore(), withDerivedUpdates(storeReader(emptyStore()), plan));
    expect(indexDifferences(imported)).toEqual([]);
    expect(planUsageRebuild(imported)).toEqual({ writes: {}, deletes: [] });
    // Every record as migrated; each alert marked as come from a file (raised again when found here).
    const asImported = (store: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(owned(store))
          .filter(([key]) => !isDerivedKey(key))
          .map(([key, value]) => [key, parseStorageKey(key).kind === 'alert' ? { ...(value as object), fromFile: true } : value]),
      );
    const ownRecords = (store: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(owned(store)).filter(([key]) => !isDerivedKey(key)));
    expect(ownRecords(imported)).toEqual(asImported(migrated));
  });
});
