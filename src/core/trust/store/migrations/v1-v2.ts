// Version 1 → 2: each conversation's roster moves out of its record into
// chunks (see roster-chunks.ts), so a change touching a few members rewrites a
// few small records. The record stays under its key, without the roster and
// with the chunk count; the members, their order and every field are kept.
// A conversation that already reads as version 2 is left as it is; any other
// that does not read as version 1 is set aside with its reason; the others
// still migrate.

import type { Migration, MigrationStep } from './migration-step';
import { splitV1Conversation, V1ConversationRecordSchema } from './legacy-v1';
import { quarantine } from '../quarantine';
import { readValue } from '../read-record';
import { ConversationRecordSchema } from '../record-schemas';
import { parseStorageKey } from '../storage-keys';

export const migrateV1ToV2: Migration = {
  from: 1,
  to: 2,
  description: "move each conversation's roster out of its record into roster chunks",
  run(store, now) {
    const step: MigrationStep = { set: new Map(), remove: [], setAside: [] };
    for (const [key, value] of store) {
      if (parseStorageKey(key).kind !== 'conversation') continue;
      if (readValue(key, value, ConversationRecordSchema).status === 'ok') continue;
      const read = readValue(key, value, V1ConversationRecordSchema);
      const split = read.status === 'ok' ? splitV1Conversation(read.value) : null;
      if (split?.ok) {
        step.set.set(key, split.record);
        for (const [chunkKey, chunk] of split.chunks) step.set.set(chunkKey, chunk);
        continue;
      }
      const reason = `version 1 conversation: ${read.status === 'corrupt' ? read.reason : split && !split.ok ? split.reason : 'unreadable'}`;
      const q = quarantine(key, value, reason, now);
      step.set.set(q.key, q.record);
      step.remove.push(key);
      step.setAside.push({ recordKey: key, quarantineKey: q.key, reason });
    }
    return step;
  },
};
