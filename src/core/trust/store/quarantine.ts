// A record that fails validation is never dropped: it is copied, exactly as
// found, under a quarantine key that names its content, before anything
// replaces or removes it. Finding the same damaged value twice (say the worker
// stopped before the original was removed) writes the same quarantine record.

import { contentHash, safeJson } from './content-hash';
import type { QuarantineRecord } from './record-schemas';
import { quarantineKey } from './storage-keys';

export interface Quarantined {
  key: string;
  record: QuarantineRecord;
}

export function quarantine(originalKey: string, value: unknown, reason: string, now: number): Quarantined {
  const key = quarantineKey(contentHash(`${originalKey}\n${safeJson(value)}`), originalKey);
  return { key, record: { originalKey, value, reason, quarantinedAt: now } };
}
