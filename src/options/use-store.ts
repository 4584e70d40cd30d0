import { useCallback, useEffect, useState } from 'preact/hooks';
import * as v from 'valibot';
import {
  collectAlerts, compareAlerts, CONTACT_PREFIX, ContactRecordSchema, type AlertRecord, type ContactRecord,
} from '../core/trust';
import { readKeys } from '../platform/storage';
import { useStorageRefresh } from '../ui/use-storage-refresh';

export interface StoreSnapshot {
  contacts: ContactRecord[];
  alerts: AlertRecord[];
}

/** Reads the trust store (pages only read; the background is the one writer). */
export function useStore(): StoreSnapshot | null {
  const [store, setStore] = useState<StoreSnapshot | null>(null);
  const load = useCallback(async () => {
    const all = await readKeys('local', null);
    const contacts: ContactRecord[] = [];
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(CONTACT_PREFIX)) continue;
      const parsed = v.safeParse(ContactRecordSchema, value);
      if (parsed.success) contacts.push(parsed.output);
    }
    contacts.sort((a, b) => a.name.localeCompare(b.name) || a.contactId.localeCompare(b.contactId));
    setStore({ contacts, alerts: collectAlerts(all).alerts.sort(compareAlerts) });
  }, []);
  useEffect(() => void load(), [load]);
  useStorageRefresh(load);
  return store;
}
