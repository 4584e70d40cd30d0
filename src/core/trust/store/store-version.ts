// Every plan first checks that the store is at the version this code writes
// (the start-up migration brings it there); otherwise it refuses, changing nothing.

import { readWith, type StoreRead } from './read-record';
import { SchemaRecordSchema } from './record-schemas';
import { CURRENT_SCHEMA_VERSION, SCHEMA_KEY } from './storage-keys';

export type Refusal = { ok: false; reason: string };

/** Why `what` (ingest, action, import) is refused on this store, or null when the store is current. */
export function storeVersionRefusal(read: StoreRead, what: 'ingest' | 'action' | 'import'): Refusal | null {
  const schema = readWith(read, SCHEMA_KEY, SchemaRecordSchema);
  if (schema.status === 'absent')
    return { ok: false, reason: `${what} refused: the store has no schema record yet (run the start-up migration first)` };
  if (schema.status === 'corrupt') return { ok: false, reason: `${what} refused: the schema record is unreadable (${schema.reason})` };
  if (schema.value.version !== CURRENT_SCHEMA_VERSION) {
    return {
      ok: false,
      reason: `${what} refused: the store is at schema version ${schema.value.version}, this code writes version ${CURRENT_SCHEMA_VERSION}`,
    };
  }
  return null;
}
