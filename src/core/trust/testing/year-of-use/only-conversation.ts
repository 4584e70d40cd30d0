// The part of a store one conversation needs: its record and roster chunks,
// the contacts of its members, and the alerts raised in it or about them, with
// the indexes and summary built for just that. The benchmarks compare a year of
// use with a store that holds only its largest conversation.

import { planMigration } from '../../store/migrations/plan-migration';
import type { AlertRecord, ConversationRecord, RosterChunkRecord } from '../../store/record-schemas';
import { contactKey, parseStorageKey, SCHEMA_KEY } from '../../store/storage-keys';

export function onlyConversation(store: Readonly<Record<string, unknown>>, conversationKey: string, now: number): Record<string, unknown> {
  const conversation = store[conversationKey] as ConversationRecord;
  const { origin, account, conversationId } = conversation;
  const kept: Record<string, unknown> = { [SCHEMA_KEY]: store[SCHEMA_KEY], [conversationKey]: conversation };
  const members = new Set<string>();
  for (const [key, value] of Object.entries(store)) {
    const where = parseStorageKey(key);
    if (where.kind !== 'roster-chunk' || where.origin !== origin || where.account !== account || where.conversationId !== conversationId)
      continue;
    kept[key] = value;
    for (const m of (value as RosterChunkRecord).members) members.add(m.id);
  }
  for (const id of members) {
    const key = contactKey(origin, account, id);
    if (store[key] !== undefined) kept[key] = store[key];
  }
  for (const [key, value] of Object.entries(store)) {
    if (parseStorageKey(key).kind !== 'alert') continue;
    const a = value as AlertRecord;
    if (a.origin !== origin || a.account !== account) continue;
    if (a.conversationId === conversationId || (a.contactId !== null && members.has(a.contactId))) kept[key] = value;
  }
  const checked = planMigration(kept, now);
  if (!checked.ok) throw new Error(checked.reason);
  const result = { ...kept, ...checked.writes };
  for (const key of checked.deletes) delete result[key];
  return result;
}
