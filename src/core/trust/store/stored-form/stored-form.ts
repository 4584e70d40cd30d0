// The stored form of the trust store's largest records (schema version 6):
// contacts, roster chunks and alerts are kept in storage.local in a compact
// form and read back as the records every plan, view and the records file use.
// The background translates at its border with storage.local (reads decoded,
// writes encoded); nothing else sees the compact form. A value that is not in
// the compact form (an older store's, or a record that does not fit it) is read
// as it is, and one in the compact form that does not decode is read as found,
// so validation refuses it and it is set aside exactly as stored.
import { parseStorageKey } from '../storage-keys';
import { decodeAlert, encodeAlert } from './alert-form';
import { decodeContact, encodeContact } from './contact-form';
import { DoesNotFit } from './form-parts';
import { decodeRosterChunk, encodeRosterChunk } from './roster-chunk-form';
import { STORED_FORM } from './stored-form-version';

const COMPACT_PREFIXES = ['v1/contact/', 'v2/roster/', 'v1/alert/'];

function holdsCompactForm(key: string): boolean {
  return COMPACT_PREFIXES.some((prefix) => key.startsWith(prefix));
}

function attempt<T>(run: () => T, otherwise: unknown): T | unknown {
  try {
    return run();
  } catch (error) {
    if (error instanceof DoesNotFit) return otherwise;
    throw error;
  }
}

/** The value to store under `key`: the compact form of a contact, roster chunk or alert; anything else as it is. */
export function encodeStored(key: string, value: unknown): unknown {
  if (!holdsCompactForm(key)) return value;
  const at = parseStorageKey(key);
  switch (at.kind) {
    case 'contact':
      return attempt(() => encodeContact(value, at), value);
    case 'roster-chunk':
      return attempt(() => encodeRosterChunk(value, at), value);
    case 'alert':
      return attempt(() => encodeAlert(value, at.id), value);
    default:
      return value;
  }
}

/** The record stored under `key`, as every reader uses it; a value not in the compact form as it is. */
export function decodeStored(key: string, stored: unknown): unknown {
  if (!Array.isArray(stored) || stored[0] !== STORED_FORM || !holdsCompactForm(key)) return stored;
  const at = parseStorageKey(key);
  switch (at.kind) {
    case 'contact':
      return attempt(() => decodeContact(stored, at), stored);
    case 'roster-chunk':
      return attempt(() => decodeRosterChunk(stored, at), stored);
    case 'alert':
      return attempt(() => decodeAlert(stored, at.id), stored);
    default:
      return stored;
  }
}

/** Every value of a read of storage.local, decoded. */
export function decodeStore(stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const records: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) records[key] = decodeStored(key, value);
  return records;
}

/** Every value of a write to storage.local, encoded. */
export function encodeStore(records: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(records)) stored[key] = encodeStored(key, value);
  return stored;
}
