// The work shared by both read phases and the plan: validate, fold each
// participant into its contact, diff the roster, run the rule table, settle
// the conversation's level. Pure: reads only `records`, writes only the builder.

import type { RosterSnapshot } from '../roster';
import { EMPTY_DRAFT_FIELDS, type AlertDraft } from './alert-draft';
import { alertIdOf } from './alert-id';
import { uniqueDrafts } from './alert-reconcile';
import { detectAlerts } from './alert-rules';
import { nextLevel, type LevelOutcome } from './conversation-level';
import type { IngestFacts } from './ingest-facts';
import { observeParticipant, type ContactObservation } from './observe-contact';
import { PlanBuilder } from './plan-builder';
import { readWith } from './read-record';
import { ContactRecordSchema, ConversationRecordSchema, SchemaRecordSchema, type ConversationRecord, type RosterMember } from './record-schemas';
import { diffRoster, toRoster, type RosterDiff } from './roster-diff';
import { checkSnapshot } from './snapshot-check';
import { contactKey, conversationKey, CURRENT_SCHEMA_VERSION, SCHEMA_KEY } from './storage-keys';
import type { TrustState } from './trust-machine';

export interface IngestAnalysis {
  snapshot: RosterSnapshot;
  builder: PlanBuilder;
  conversationKey: string;
  stored: ConversationRecord | null;
  observations: ContactObservation[];
  diff: RosterDiff;
  roster: RosterMember[];
  level: LevelOutcome;
  drafts: Map<string, AlertDraft>;
  /** Contacts who left the conversation: read for their names and former trust. */
  removedContactKeys: string[];
}

export type Refusal = { ok: false; reason: string };

/** Refusals that do not depend on the store's content. */
export function checkIngestInput(snapshot: unknown, now: unknown): { ok: true; snapshot: RosterSnapshot } | Refusal {
  if (typeof now !== 'number' || !Number.isFinite(now) || now < 0) return { ok: false, reason: 'ingest refused: the time is not a valid timestamp' };
  return checkSnapshot(snapshot);
}

export function checkStoreVersion(records: Readonly<Record<string, unknown>>): Refusal | null {
  const schema = readWith(records, SCHEMA_KEY, SchemaRecordSchema);
  if (schema.status === 'absent') return { ok: false, reason: 'ingest refused: the store has no schema record yet (run the start-up migration first)' };
  if (schema.status === 'corrupt') return { ok: false, reason: `ingest refused: the schema record is unreadable (${schema.reason})` };
  if (schema.value.version !== CURRENT_SCHEMA_VERSION) {
    return { ok: false, reason: `ingest refused: the store is at schema version ${schema.value.version}, this code writes version ${CURRENT_SCHEMA_VERSION}` };
  }
  return null;
}

export function degradedAlertId(s: RosterSnapshot): string {
  return alertIdOf({
    ...EMPTY_DRAFT_FIELDS,
    rule: 'conversation-degraded',
    origin: s.messenger,
    account: s.account,
    conversationId: s.conversation.id,
  });
}

export function analyzeIngest(snapshot: RosterSnapshot, records: Readonly<Record<string, unknown>>, now: number): IngestAnalysis {
  const builder = new PlanBuilder(records, now);
  const where = { origin: snapshot.messenger, account: snapshot.account };
  const convKey = conversationKey(where.origin, where.account, snapshot.conversation.id);
  const stored = builder.read(convKey, ConversationRecordSchema);

  const observations = snapshot.participants.map((p) =>
    observeParticipant(builder.read(contactKey(where.origin, where.account, p.id), ContactRecordSchema), p, where, now),
  );
  const diff = diffRoster(stored?.roster ?? null, snapshot);

  const trustBefore = new Map<string, TrustState>();
  const trustAfter = new Map<string, TrustState>();
  const names = new Map<string, string>();
  for (const o of observations) {
    if (o.before) trustBefore.set(o.participant.id, o.before.trust);
    trustAfter.set(o.participant.id, o.after.trust);
    names.set(o.participant.id, o.participant.name);
  }
  const removedContactKeys = diff.removed.map((m) => contactKey(where.origin, where.account, m.id));
  diff.removed.forEach((m, i) => {
    const contact = builder.read(removedContactKeys[i]!, ContactRecordSchema);
    if (contact) {
      trustBefore.set(m.id, contact.trust);
      names.set(m.id, contact.name);
    }
  });

  const facts: IngestFacts = {
    snapshot,
    observations,
    diff,
    corrupt: builder.corrupt,
    nameOf: (id) => names.get(id) ?? null,
    degraded: false,
  };
  const rosterDrafts = detectAlerts(facts, 'roster');
  const roster = toRoster(snapshot);
  const level = nextLevel({
    stored,
    trustBefore: (id) => trustBefore.get(id),
    trustAfter: (id) => trustAfter.get(id),
    roster,
    problems: snapshot.problems,
    drafts: rosterDrafts,
    diff,
  });
  const conversationDrafts = detectAlerts({ ...facts, degraded: level.degradesNow }, 'conversation');

  return {
    snapshot,
    builder,
    conversationKey: convKey,
    stored,
    observations,
    diff,
    roster,
    level,
    drafts: uniqueDrafts([...rosterDrafts, ...conversationDrafts]),
    removedContactKeys,
  };
}
