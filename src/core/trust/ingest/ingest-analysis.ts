// The work of an ingest, split where the second read phase falls:
//   prepare (phase 1 records): validate, fold each participant into its contact,
//     diff the roster, run the roster rules. This is nearly all the work, done once.
//   settle (phase 2 records added): the former trust of people who left, the
//     conversation's level, and the conversation rules.
// Pure: reads only the records given, writes only into the plan builder.

import type { RosterSnapshot } from '../../roster';
import { EMPTY_DRAFT_FIELDS, type AlertDraft } from '../alerts/alert-draft';
import { alertIdOf } from '../alerts/alert-id';
import { uniqueDrafts } from '../alerts/alert-reconcile';
import { detectAlerts } from '../rules/alert-rules';
import { nextLevel, type LevelOutcome } from './conversation-level';
import type { IngestFacts } from './ingest-facts';
import { observeParticipant, type ContactObservation } from './observe-contact';
import { PlanBuilder } from '../store/plan-builder';
import { readWith } from '../store/read-record';
import {
  ContactRecordSchema,
  ConversationRecordSchema,
  SchemaRecordSchema,
  type ConversationRecord,
  type RosterMember,
} from '../store/record-schemas';
import { diffRoster, toRoster, type RosterDiff } from './roster-diff';
import { checkSnapshot } from './snapshot-check';
import { isComplete, isUnknownMember, readStoredRoster, type StoredRoster } from '../store/stored-roster';
import { alertKey, contactKey, conversationKey, CURRENT_SCHEMA_VERSION, SCHEMA_KEY } from '../store/storage-keys';
import type { TrustState } from '../trust-machine';

export type Refusal = { ok: false; reason: string };

export interface PreparedIngest {
  readonly snapshot: RosterSnapshot;
  readonly now: number;
  readonly builder: PlanBuilder;
  readonly conversationKey: string;
  readonly stored: ConversationRecord | null;
  /** The stored roster, from the chunks that could be read. */
  readonly storedRoster: StoredRoster;
  readonly observations: readonly ContactObservation[];
  readonly diff: RosterDiff;
  readonly roster: RosterMember[];
  readonly facts: IngestFacts;
  readonly rosterDrafts: AlertDraft[];
  /** The roster drafts by alert id. */
  readonly rosterDraftsById: Map<string, AlertDraft>;
  /** Contacts of the people who left: their former trust decides whether the conversation was all verified. */
  readonly removedContactKeys: string[];
  /** Phase 2: the alerts the roster rules raise, and the contacts of people who left. */
  readonly moreKeys: string[];
  /** Damaged records already reported by the roster rules; later ones get their own notice. */
  readonly corruptReported: number;
}

export interface SettledIngest {
  level: LevelOutcome;
  drafts: Map<string, AlertDraft>;
}

/**
 * The check of each snapshot object, so that the phases of one ingest (which
 * each receive the same object) check a 1,000-person snapshot once. The checked
 * snapshot is the validator's own copy (which the ingest only reads), so what
 * the phases see cannot differ.
 */
const checkedSnapshots = new WeakMap<object, ReturnType<typeof checkSnapshot>>();

/** Refusals that do not depend on the store's content. */
export function checkIngestInput(snapshot: unknown, now: unknown): { ok: true; snapshot: RosterSnapshot } | Refusal {
  if (typeof now !== 'number' || !Number.isFinite(now) || now < 0)
    return { ok: false, reason: 'ingest refused: the time is not a valid timestamp' };
  if (typeof snapshot !== 'object' || snapshot === null) return checkSnapshot(snapshot);
  const known = checkedSnapshots.get(snapshot);
  if (known) return known;
  const checked = checkSnapshot(snapshot);
  checkedSnapshots.set(snapshot, checked);
  return checked;
}

export function checkStoreVersion(records: Readonly<Record<string, unknown>>): Refusal | null {
  const schema = readWith(records, SCHEMA_KEY, SchemaRecordSchema);
  if (schema.status === 'absent')
    return { ok: false, reason: 'ingest refused: the store has no schema record yet (run the start-up migration first)' };
  if (schema.status === 'corrupt') return { ok: false, reason: `ingest refused: the schema record is unreadable (${schema.reason})` };
  if (schema.value.version !== CURRENT_SCHEMA_VERSION) {
    return {
      ok: false,
      reason: `ingest refused: the store is at schema version ${schema.value.version}, this code writes version ${CURRENT_SCHEMA_VERSION}`,
    };
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

export function prepareAnalysis(snapshot: RosterSnapshot, records: Readonly<Record<string, unknown>>, now: number): PreparedIngest {
  const builder = new PlanBuilder(records, now);
  const where = { origin: snapshot.messenger, account: snapshot.account };
  const convKey = conversationKey(where.origin, where.account, snapshot.conversation.id);
  const stored = builder.read(convKey, ConversationRecordSchema);
  const storedRoster = readStoredRoster(builder, stored);
  const observations = snapshot.participants.map((p) =>
    observeParticipant(builder.read(contactKey(where.origin, where.account, p.id), ContactRecordSchema), p, where, now),
  );
  const unknown = isComplete(storedRoster) ? undefined : (id: string) => isUnknownMember(storedRoster, id);
  const diff = diffRoster(stored ? storedRoster.members : null, snapshot, unknown);
  const names = new Map<string, string>();
  for (const m of storedRoster.members) names.set(m.id, m.name);
  for (const o of observations) names.set(o.participant.id, o.participant.name);

  const facts: IngestFacts = {
    snapshot,
    observations,
    diff,
    corrupt: builder.corrupt,
    nameOf: (id) => names.get(id) || null,
    degraded: false,
  };
  const rosterDrafts = detectAlerts(facts, 'roster');
  const removedContactKeys = diff.removed.map((m) => contactKey(where.origin, where.account, m.id));
  const rosterDraftsById = uniqueDrafts(rosterDrafts);
  const draftKeys = [...rosterDraftsById.keys()].map(alertKey);
  return {
    snapshot,
    now,
    builder,
    conversationKey: convKey,
    stored,
    storedRoster,
    observations,
    diff,
    roster: toRoster(snapshot),
    facts,
    rosterDrafts,
    rosterDraftsById,
    removedContactKeys,
    moreKeys: [...new Set([...removedContactKeys, ...draftKeys])],
    corruptReported: builder.corrupt.length,
  };
}

export function settleAnalysis(p: PreparedIngest): SettledIngest {
  const trustBefore = new Map<string, TrustState>();
  const trustAfter = new Map<string, TrustState>();
  for (const o of p.observations) {
    if (o.before) trustBefore.set(o.participant.id, o.before.trust);
    trustAfter.set(o.participant.id, o.after.trust);
  }
  p.diff.removed.forEach((m, i) => {
    const contact = p.builder.read(p.removedContactKeys[i]!, ContactRecordSchema);
    if (contact) trustBefore.set(m.id, contact.trust);
  });
  const level = nextLevel({
    stored: p.stored,
    storedRoster: p.storedRoster.members,
    storedComplete: isComplete(p.storedRoster),
    trustBefore: (id) => trustBefore.get(id),
    trustAfter: (id) => trustAfter.get(id),
    roster: p.roster,
    problems: p.snapshot.problems,
    drafts: p.rosterDrafts,
    diff: p.diff,
  });
  const conversationDrafts = detectAlerts({ ...p.facts, degraded: level.degradesNow }, 'conversation');
  const drafts = new Map(p.rosterDraftsById);
  for (const [id, d] of uniqueDrafts(conversationDrafts)) if (!drafts.has(id)) drafts.set(id, d);
  return { level, drafts };
}
