// Version 5 → 6: contacts, roster chunks and alerts are kept in storage.local
// in a compact form (store/stored-form/), about half the characters of the
// records they hold (the largest share of a store after retention). The records
// themselves do not change: the background decodes every value it reads and
// encodes every value it writes. So this step rewrites each of those records
// (a copy of it, so the plan writes it) and the background's write stores it
// compact. A value that is not a plain object is left for the check to judge.

import type { Migration } from './migration-step';
import { parseStorageKey } from '../storage-keys';
import { isPlainObject } from '../stored-form/form-parts';

const KEPT_COMPACT = new Set(['contact', 'roster-chunk', 'alert']);

export const migrateV5ToV6: Migration = {
  from: 5,
  to: 6,
  description: 'keep contacts, roster chunks and alerts in their compact stored form (every one rewritten)',
  run: (store) => {
    const set = new Map<string, unknown>();
    for (const [key, value] of store) {
      if (KEPT_COMPACT.has(parseStorageKey(key).kind) && isPlainObject(value)) set.set(key, { ...value });
    }
    return { set, remove: [], problems: [] };
  },
};
