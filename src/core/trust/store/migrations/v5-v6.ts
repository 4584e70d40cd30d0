// Version 5 → 6: contacts, roster chunks and alerts are kept in storage.local
// in a compact form (store/stored-form/), about half the characters of the
// records they hold (the largest share of a store after retention). The records
// themselves do not change: the background decodes every value it reads and
// encodes every value it writes. So this step rewrites each of those records
// as it reads (an alert written before `newIdentityKey` or `fromFile` existed
// with the defaults it reads as, so it is counted as it will be read), and the
// background's write stores it compact. A damaged record is left for the check
// to set aside as it is.

import type { Migration } from './migration-step';
import { parseStorageKey } from '../storage-keys';
import { validateRecordAt } from '../read-record';

const KEPT_COMPACT = new Set(['contact', 'roster-chunk', 'alert']);

export const migrateV5ToV6: Migration = {
  from: 5,
  to: 6,
  description: 'keep contacts, roster chunks and alerts in their compact stored form (every one rewritten)',
  run: (store) => {
    const set = new Map<string, unknown>();
    for (const [key, value] of store) {
      if (!KEPT_COMPACT.has(parseStorageKey(key).kind)) continue;
      const read = validateRecordAt(key, value);
      // A new object, so the plan writes it even when it reads exactly as stored.
      if (read.status === 'ok') set.set(key, structuredClone(read.value));
    }
    return { set, remove: [], setAside: [] };
  },
};
