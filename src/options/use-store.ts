import { useCallback, useEffect, useState } from 'preact/hooks';
import * as v from 'valibot';
import { readSettings, type SettingsRecord } from '../core/settings/site-settings';
import {
  collectAlerts,
  CONTACT_PREFIX,
  decodeStore,
  ContactRecordSchema,
  NOTICE_DIGEST_PREFIX,
  NoticeDigestRecordSchema,
  recordsReader,
  type AlertRecord,
  type ContactRecord,
  type NoticeDigestRecord,
} from '../core/trust';
import { readKeys } from '../platform/storage';
import { useStorageRefresh } from '../ui/use-storage-refresh';

export interface StoreSnapshot {
  contacts: ContactRecord[];
  /** Every alert, open first, loudest first. */
  alerts: AlertRecord[];
  /** Closed alerts compacted by retention, by kind and conversation, newest first. */
  digests: NoticeDigestRecord[];
  settings: SettingsRecord;
  /** Every site KeyWatch has seen someone on, or that is turned off, sorted. */
  sites: string[];
  /** Damaged records the page could not show. */
  unreadable: number;
}

/** Reads storage.local (pages only read; the background is the one writer) and again when it changes. */
export function useStore(): StoreSnapshot | null {
  const [store, setStore] = useState<StoreSnapshot | null>(null);
  const load = useCallback(async () => {
    // Everything at once: Firefox reads a long list of named keys far slower than the whole area (measured at the store's limits).
    // Contacts and alerts are kept in a compact form: read as records (docs/storage.md, Stored form).
    const all = decodeStore(await readKeys('local', null));
    const contacts: ContactRecord[] = [];
    const digests: NoticeDigestRecord[] = [];
    let unreadable = 0;
    for (const [key, value] of Object.entries(all)) {
      const schema = key.startsWith(CONTACT_PREFIX)
        ? ContactRecordSchema
        : key.startsWith(NOTICE_DIGEST_PREFIX)
          ? NoticeDigestRecordSchema
          : null;
      if (!schema) continue;
      const parsed = v.safeParse(schema, value);
      if (!parsed.success) unreadable++;
      else if (schema === ContactRecordSchema) contacts.push(parsed.output as ContactRecord);
      else digests.push(parsed.output as NoticeDigestRecord);
    }
    digests.sort((a, b) => b.lastRaised - a.lastRaised);
    contacts.sort((a, b) => a.name.localeCompare(b.name) || a.contactId.localeCompare(b.contactId) || a.origin.localeCompare(b.origin));
    const { alerts, problems } = collectAlerts(all);
    const { settings } = readSettings(recordsReader(all));
    const sites = [...new Set([...contacts.map((c) => c.origin), ...settings.disabledSites])].sort();
    setStore({ contacts, alerts, digests, settings, sites, unreadable: unreadable + problems.length });
  }, []);
  useEffect(() => void load(), [load]);
  useStorageRefresh(load);
  return store;
}
