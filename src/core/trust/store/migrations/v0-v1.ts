// Version 0 → 1: split the single "keywatch" object into one record per
// contact and conversation. Each entry is converted on its own: a bad entry is
// set aside with its reason and the others still migrate.

import * as v from 'valibot';
import { convertV0Contact, convertV0Conversation, V0StoreSchema } from './legacy-v0';
import type { MigrationStep, Migration } from './migration-step';
import { quarantine } from '../quarantine';
import { validateV1RecordAt } from './legacy-v1';
import { describeIssues } from '../read-record';
import { contactKey, conversationKey, LEGACY_V0_KEY } from '../storage-keys';

function setAside(step: MigrationStep, value: unknown, reason: string, now: number): void {
  const q = quarantine(LEGACY_V0_KEY, value, reason, now);
  step.set.set(q.key, q.record);
  step.setAside.push({ recordKey: LEGACY_V0_KEY, quarantineKey: q.key, reason });
}

export const migrateV0ToV1: Migration = {
  from: 0,
  to: 1,
  description: 'split the single "keywatch" object into one record per contact and conversation',
  run(store, now) {
    const step: MigrationStep = { set: new Map(), remove: [], setAside: [] };
    if (!store.has(LEGACY_V0_KEY)) return step;
    const legacy = store.get(LEGACY_V0_KEY);
    step.remove.push(LEGACY_V0_KEY);
    const parsed = v.safeParse(V0StoreSchema, legacy);
    if (!parsed.success) {
      setAside(step, legacy, `version 0 store unreadable: ${describeIssues(parsed.issues)}`, now);
      return step;
    }
    const place = (
      what: string,
      name: string,
      entry: unknown,
      converted: { ok: true; record: unknown; key: string } | { ok: false; reason: string },
    ) => {
      if (!converted.ok) return setAside(step, entry, `version 0 ${what} ${JSON.stringify(name)}: ${converted.reason}`, now);
      const check = validateV1RecordAt(converted.key, converted.record);
      if (check.status === 'corrupt') return setAside(step, entry, `version 0 ${what} ${JSON.stringify(name)}: ${check.reason}`, now);
      if (step.set.has(converted.key) || store.has(converted.key)) {
        return setAside(step, entry, `version 0 ${what} ${JSON.stringify(name)}: another entry already holds ${converted.key}`, now);
      }
      step.set.set(converted.key, converted.record);
    };
    for (const [name, entry] of Object.entries(parsed.output.contacts)) {
      const c = convertV0Contact(entry);
      place(
        'contact',
        name,
        entry,
        c.ok ? { ok: true, record: c.record, key: contactKey(c.record.origin, c.record.account, c.record.contactId) } : c,
      );
    }
    for (const [name, entry] of Object.entries(parsed.output.conversations)) {
      const c = convertV0Conversation(entry);
      place(
        'conversation',
        name,
        entry,
        c.ok ? { ok: true, record: c.record, key: conversationKey(c.record.origin, c.record.account, c.record.conversationId) } : c,
      );
    }
    return step;
  },
};
