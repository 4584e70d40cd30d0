// What a store holds, in the terms of the year-of-use figures: records and
// JSON size by kind, contacts, keys (identity and device keys ever seen),
// alerts by severity and state, verifications.

import type { AlertRecord, ContactRecord } from '../../store/record-schemas';
import { parseStorageKey } from '../../store/storage-keys';

export interface StoreFigures {
  records: number;
  /** Bytes of the store as JSON (UTF-8), keys included. */
  bytes: number;
  byKind: Record<string, { records: number; bytes: number }>;
  contacts: number;
  /** Contacts with three identity keys or more. */
  contactsWithKeyChanges: number;
  /** Identity keys and device keys ever seen, over every contact. */
  keys: number;
  alerts: number;
  openAlerts: number;
  alertsBySeverity: Record<string, number>;
  alertsByRule: Record<string, number>;
  verifications: number;
  conversations: number;
}

const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text).length;

export function storeFigures(store: Readonly<Record<string, unknown>>): StoreFigures {
  const figures: StoreFigures = {
    records: 0,
    bytes: bytesOf(JSON.stringify(store)),
    byKind: {},
    contacts: 0,
    contactsWithKeyChanges: 0,
    keys: 0,
    alerts: 0,
    openAlerts: 0,
    alertsBySeverity: {},
    alertsByRule: {},
    verifications: 0,
    conversations: 0,
  };
  for (const [key, value] of Object.entries(store)) {
    const kind = parseStorageKey(key).kind;
    figures.records++;
    const slot = (figures.byKind[kind] ??= { records: 0, bytes: 0 });
    slot.records++;
    slot.bytes += bytesOf(JSON.stringify(key)) + bytesOf(JSON.stringify(value)) + 2;
    if (kind === 'contact') {
      const c = value as ContactRecord;
      figures.contacts++;
      if (c.keys.length >= 3) figures.contactsWithKeyChanges++;
      figures.keys += c.keys.length + c.devices.filter((d) => d.key !== null).length;
      figures.verifications += c.verifications.length;
    } else if (kind === 'alert') {
      const a = value as AlertRecord;
      figures.alerts++;
      if (a.state === 'open') figures.openAlerts++;
      figures.alertsBySeverity[a.severity] = (figures.alertsBySeverity[a.severity] ?? 0) + 1;
      figures.alertsByRule[a.rule] = (figures.alertsByRule[a.rule] ?? 0) + 1;
    } else if (kind === 'conversation') figures.conversations++;
  }
  return figures;
}

export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
