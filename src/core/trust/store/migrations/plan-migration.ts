// The full check: bring the store to the current schema version, in order,
// check every record, optionally compact closed notices (retention), then
// build the derived records from what is left: the open-alert indexes, the
// badge summary and the usage records of the limits of the store. The
// background runs it when the store needs it (an older version, indexes
// missing, damaged or in doubt) and once per browser start; planIngest refuses
// a store whose schema record is not current.
// A store from a newer version is refused and left exactly as it is.

import type { Migration } from './migration-step';
import { migrateV0ToV1 } from './v0-v1';
import { isAlertCarryingText } from './legacy-v2';
import { migrateV1ToV2 } from './v1-v2';
import { migrateV2ToV3 } from './v2-v3';
import { migrateV3ToV4 } from './v3-v4';
import { migrateV4ToV5 } from './v4-v5';
import { migrateV5ToV6 } from './v5-v6';
import { holdsKeyInAnotherSpelling } from './key-respelling';
import { rebuildIndexesIn } from '../indexes/open-alert-index';
import { rebuildUsageIn } from '../../limits/usage';
import { compactNotices } from '../retention/compact-notices';
import type { CorruptFinding } from '../../rules';
import type { StoreProblem } from '../plan-builder';
import { quarantine } from '../quarantine';
import { readValue } from '../read-record';
import { SchemaRecordSchema, type AlertRecord } from '../record-schemas';
import { checkStore } from './store-check';
import { CONVERSATION_PREFIX, CURRENT_SCHEMA_VERSION, LEGACY_V0_KEY, SCHEMA_KEY } from '../storage-keys';

/** Ordered: each entry's `from` is the previous entry's `to`. */
export const MIGRATIONS: readonly Migration[] = [migrateV0ToV1, migrateV1ToV2, migrateV2ToV3, migrateV3ToV4, migrateV4ToV5, migrateV5ToV6];

export interface MigrationOptions {
  /**
   * Compact closed alerts past the retention period (store/retention/), when the store is
   * already at the current version; a records file being read is never compacted.
   */
  compactNotices?: boolean;
}

export type MigrationPlan =
  | {
      ok: true;
      from: number;
      to: number;
      /** Apply first, in one storage.local.set call: the new schema record is in the same batch as the data. */
      writes: Record<string, unknown>;
      /** Apply after the writes, in one storage.local.remove call. */
      deletes: string[];
      problems: StoreProblem[];
      /** record-corrupt alerts opened by the check. */
      alerts: AlertRecord[];
      /** How many closed notices retention compacted (0 unless asked for). */
      compacted: number;
    }
  | { ok: false; reason: string; found: number };

/** `all` is the whole of storage.local (get(null)). */
export function planMigration(all: Readonly<Record<string, unknown>>, now: number, options: MigrationOptions = {}): MigrationPlan {
  const store = new Map(Object.entries(all));
  // What is set aside before the check, reported by it once the store is current.
  const setAside: CorruptFinding[] = [];
  const found = foundVersion(store, setAside, now);
  if (found > CURRENT_SCHEMA_VERSION) {
    return {
      ok: false,
      found,
      reason: `the stored data is at schema version ${found}, newer than this KeyWatch understands (${CURRENT_SCHEMA_VERSION}); nothing was changed`,
    };
  }
  for (let version = found; version < CURRENT_SCHEMA_VERSION;) {
    const migration = MIGRATIONS.find((m) => m.from === version);
    if (!migration) return { ok: false, found, reason: `no migration from schema version ${version}; nothing was changed` };
    const step = migration.run(store, now);
    for (const key of step.remove) store.delete(key);
    for (const [key, value] of step.set) store.set(key, value);
    setAside.push(...step.setAside);
    version = migration.to;
  }
  const schema = readValue(SCHEMA_KEY, store.get(SCHEMA_KEY), SchemaRecordSchema);
  if (schema.status !== 'ok' || schema.value.version !== CURRENT_SCHEMA_VERSION) store.set(SCHEMA_KEY, { version: CURRENT_SCHEMA_VERSION });
  const check = checkStore(store, now, setAside);
  // A store being migrated is kept whole by this check (what the user had is all there at the first start
  // of the new version, to see or export); retention starts at the next check.
  const compacted = options.compactNotices && found === CURRENT_SCHEMA_VERSION ? compactNotices(store, now) : 0;
  rebuildIndexesIn(store, now);
  rebuildUsageIn(store);
  return {
    ok: true,
    from: found,
    to: CURRENT_SCHEMA_VERSION,
    ...differences(all, store),
    problems: check.problems,
    alerts: check.alerts,
    compacted,
  };
}

/** The version the store is at; a damaged schema record is set aside and the version inferred. */
function foundVersion(store: Map<string, unknown>, setAside: CorruptFinding[], now: number): number {
  const read = readValue(SCHEMA_KEY, store.get(SCHEMA_KEY), SchemaRecordSchema);
  if (read.status === 'ok') return read.value.version;
  if (read.status === 'corrupt') {
    const q = quarantine(SCHEMA_KEY, store.get(SCHEMA_KEY), read.reason, now);
    store.set(q.key, q.record);
    store.delete(SCHEMA_KEY);
    setAside.push({ recordKey: SCHEMA_KEY, quarantineKey: q.key, reason: read.reason });
  }
  // No schema record: a version 0 store if its object is there, a version 1 store if a
  // conversation still holds its roster and none holds chunks, a version 2 store if an
  // alert still holds its text, a version 3 store if a record holds a key in another
  // spelling, otherwise a new (or current) store: its indexes are built after the check.
  // Versions 4 and 5 changed no record that version 6 cannot read, so 6 is safe there.
  if (store.has(LEGACY_V0_KEY)) return 0;
  let found = CURRENT_SCHEMA_VERSION;
  let holdsRosters = false;
  let holdsChunks = false;
  for (const [key, value] of store) {
    const layout = conversationLayout(key, value);
    holdsRosters ||= layout === 'roster';
    holdsChunks ||= layout === 'chunks';
    if (isAlertCarryingText(key, value)) found = 2;
    else if (found > 3 && holdsKeyInAnotherSpelling(key, value)) found = 3;
  }
  // One stray record with a roster must not turn a chunked store into version 1: that
  // step would set aside every sound conversation. The stray record is left to the check.
  return holdsRosters && !holdsChunks ? 1 : found;
}

/** A conversation record's layout: its roster inside (version 1) or in chunks it counts (version 2 on). */
function conversationLayout(key: string, value: unknown): 'roster' | 'chunks' | null {
  if (!key.startsWith(CONVERSATION_PREFIX) || typeof value !== 'object' || value === null) return null;
  if ('rosterChunks' in value) return 'chunks';
  return 'roster' in value ? 'roster' : null;
}

function differences(before: Readonly<Record<string, unknown>>, after: ReadonlyMap<string, unknown>) {
  const writes: Record<string, unknown> = {};
  for (const [key, value] of after) {
    if (!Object.hasOwn(before, key) || before[key] !== value) writes[key] = value;
  }
  const deletes = Object.keys(before).filter((key) => !after.has(key));
  return { writes, deletes };
}
