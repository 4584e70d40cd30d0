// The stored form of the trust store's largest records (schema version 6):
// contacts, roster chunks and alerts are kept in storage.local in a compact
// form and read back as the records every plan, view and the records file use.
// The background translates at its border with storage.local (reads decoded,
// writes encoded); nothing else sees the compact form. A value that is not in
// the compact form (an older store's, or a record that does not fit it) is read
// as it is, and one in the compact form that does not decode is read as found,
// so validation refuses it and it is set aside exactly as stored.
import { parseStorageKey, type StorageKeyKind } from '../storage-keys';
import { decodeAlert, encodeAlert } from './alert-form';
import { decodeContact, encodeContact } from './contact-form';
import { DoesNotFit } from './form-parts';
import { decodeRosterChunk, encodeRosterChunk } from './roster-chunk-form';
import { STORED_FORM } from './stored-form-version';

type KeyOf<K extends StorageKeyKind['kind']> = Extract<StorageKeyKind, { kind: K }>;

/** The compact form of one kind of record, both ways; `at` is its storage key's parts, of the kind the table names. */
interface CompactForm {
  prefix: string;
  encode(value: unknown, at: StorageKeyKind): unknown[];
  decode(stored: unknown[], at: StorageKeyKind): Record<string, unknown>;
}

const FORMS: Partial<Record<StorageKeyKind['kind'], CompactForm>> = {
  contact: {
    prefix: 'v1/contact/',
    encode: (value, at) => encodeContact(value, at as KeyOf<'contact'>),
    decode: (stored, at) => decodeContact(stored, at as KeyOf<'contact'>),
  },
  'roster-chunk': {
    prefix: 'v2/roster/',
    encode: (value, at) => encodeRosterChunk(value, at as KeyOf<'roster-chunk'>),
    decode: (stored, at) => decodeRosterChunk(stored, at as KeyOf<'roster-chunk'>),
  },
  alert: {
    prefix: 'v1/alert/',
    encode: (value, at) => encodeAlert(value, (at as KeyOf<'alert'>).id),
    decode: (stored, at) => decodeAlert(stored, (at as KeyOf<'alert'>).id),
  },
};
const COMPACT_PREFIXES = Object.values(FORMS).map((form) => form.prefix);

/** The form of the record under `key`, with the key's parts; null for a key whose records are stored as they are. */
function formAt(key: string): { form: CompactForm; at: StorageKeyKind } | null {
  if (!COMPACT_PREFIXES.some((prefix) => key.startsWith(prefix))) return null;
  const at = parseStorageKey(key);
  const form = FORMS[at.kind];
  return form ? { form, at } : null;
}

/** What `run` returns, or `otherwise` when the value does not fit the compact form. */
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
  const found = formAt(key);
  return found ? attempt(() => found.form.encode(value, found.at), value) : value;
}

/** The record stored under `key`, as every reader uses it; a value not in the compact form as it is. */
export function decodeStored(key: string, stored: unknown): unknown {
  if (!Array.isArray(stored) || stored[0] !== STORED_FORM) return stored;
  const found = formAt(key);
  return found ? attempt(() => found.form.decode(stored, found.at), stored) : stored;
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
