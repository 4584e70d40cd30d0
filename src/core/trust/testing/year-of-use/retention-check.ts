// What retention must never lose, checked between a store and the same store
// after retention: every contact record (each identity key and device ever
// seen, every verification: the key histories) and every open or critical
// alert, exactly as they were.

import type { AlertRecord } from '../../store/record-schemas';
import { parseStorageKey } from '../../store/storage-keys';

export interface RetentionCheck {
  contacts: number;
  keptAlerts: number;
  /** Each record retention should have kept as it was and did not. */
  lost: string[];
}

export function checkRetention(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): RetentionCheck {
  const result: RetentionCheck = { contacts: 0, keptAlerts: 0, lost: [] };
  const same = (key: string) => JSON.stringify(after[key]) === JSON.stringify(before[key]);
  for (const [key, value] of Object.entries(before)) {
    const kind = parseStorageKey(key).kind;
    if (kind === 'contact') {
      result.contacts++;
      if (!same(key)) result.lost.push(key);
    } else if (kind === 'alert') {
      const alert = value as AlertRecord;
      if (alert.state !== 'open' && alert.severity !== 'critical') continue;
      result.keptAlerts++;
      if (!same(key)) result.lost.push(key);
    }
  }
  return result;
}
