// Version 4 → 5: the single writer keeps open-alert indexes and a badge
// summary (store/indexes/), so a woken background reads what a request needs
// instead of every record; closed notices may be compacted into digests
// (store/retention/). No version 4 record changes: the indexes are derived, and
// planMigration builds them from the whole store after every migration and check.
// The version is raised so that an older KeyWatch, which would write alerts
// without keeping the indexes, refuses this store instead of desynchronising it.

import type { Migration } from './migration-step';

export const migrateV4ToV5: Migration = {
  from: 4,
  to: 5,
  description: 'keep open-alert indexes and a badge summary (built from the whole store after the check)',
  run: () => ({ set: new Map(), remove: [], setAside: [] }),
};
