// Ingesting a roster snapshot, for a background that owns storage.local and
// serializes every read-modify-write: planIngest reads through `read` what the
// snapshot touches (the conversation, its roster chunks, each participant's
// contact, the alerts it raises, the contacts of people who left) and returns
// the plan. Nothing here throws on bad data: a bad snapshot is refused with a
// reason, a bad stored record is set aside (plan-builder.ts).

import type { RosterSnapshot } from '../../roster';
import type { AlertDraft } from '../alerts/alert-draft';
import { reconcileAlerts, uniqueDrafts } from '../alerts/alert-reconcile';
import type { RuleFacts } from '../rules';
import { recordCorruptFields } from '../rules/record-corrupt';
import { PlanBuilder, type StorePlan } from '../store/plan-builder';
import type { StoreRead } from '../store/read-record';
import { AlertRecordSchema, ContactRecordSchema, ConversationRecordSchema, type AlertRecord } from '../store/record-schemas';
import { alertKey, contactKeysOf, conversationKey } from '../store/storage-keys';
import { isComplete, isUnknownMember, readStoredRoster } from '../store/stored-roster';
import { storeVersionRefusal, type Refusal } from '../store/store-version';
import type { TrustState } from '../trust-machine';
import { nextLevel } from './conversation-level';
import { detectAlerts } from './detect-alerts';
import { nextConversation } from './next-conversation';
import { observeParticipant, type ContactObservation } from './observe-contact';
import { diffRoster } from './roster-diff';
import { checkSnapshot } from './snapshot-check';

export interface IngestPlan extends StorePlan {
  ok: true;
  /** Alerts opened or reopened by this snapshot (for notifications and the banner). */
  alerts: AlertRecord[];
  conversationKey: string;
}

export type IngestResult = IngestPlan | Refusal;

/**
 * The check of each snapshot object, so that planning the same snapshot again
 * (as a background does once it has loaded what the first run asked for)
 * checks a 1,000-person snapshot once. The checked snapshot is the validator's
 * own copy, which the ingest only reads.
 */
const checkedSnapshots = new WeakMap<object, ReturnType<typeof checkSnapshot>>();

function checkInput(snapshot: unknown, now: unknown): { ok: true; snapshot: RosterSnapshot } | Refusal {
  if (typeof now !== 'number' || !Number.isFinite(now) || now < 0)
    return { ok: false, reason: 'ingest refused: the time is not a valid timestamp' };
  if (typeof snapshot !== 'object' || snapshot === null) return checkSnapshot(snapshot);
  const known = checkedSnapshots.get(snapshot);
  if (known) return known;
  const checked = checkSnapshot(snapshot);
  checkedSnapshots.set(snapshot, checked);
  return checked;
}

export function planIngest(snapshot: unknown, read: StoreRead, now: number): IngestResult {
  const checked = checkInput(snapshot, now);
  if (!checked.ok) return checked;
  const refusal = storeVersionRefusal(read, 'ingest');
  if (refusal) return refusal;
  const s = checked.snapshot;
  const builder = new PlanBuilder(read, now);
  const where = { origin: s.messenger, account: s.account };

  // What the snapshot changes: each contact, the roster against the stored one.
  const convKey = conversationKey(where.origin, where.account, s.conversation.id);
  const stored = builder.read(convKey, ConversationRecordSchema);
  const storedRoster = readStoredRoster(builder, stored);
  const unknown = isComplete(storedRoster) ? undefined : (id: string) => isUnknownMember(storedRoster, id);
  // Two walks over the participants, not one: observing each against their contact, then diffing each against the
  // stored roster. Walked together, the contacts, the stored roster and the snapshot crowd each other out of the
  // processor's caches: one walk doing both measured 10–15% dearer than the two (the ingest bench's warm runs, at
  // 1,000 people and at 10,000).
  const contactKeyOf = contactKeysOf(where.origin, where.account);
  const observations: ContactObservation[] = [];
  for (let j = 0; j < s.participants.length; j++) {
    const p = s.participants[j]!;
    observations.push(observeParticipant(builder.readOnce(contactKeyOf(p.id), ContactRecordSchema), p, where, now));
  }
  const diff = diffRoster(stored ? storedRoster.members : null, s, unknown);
  // Each person's observation by id, asked only for those who left or lost a device: built when first asked. The
  // level reads observations by roster index instead (participant ids are unique in a checked snapshot).
  let observed: Map<string, ContactObservation> | null = null;
  const observationOf = (id: string): ContactObservation | undefined => {
    if (observed === null) {
      observed = new Map();
      // Indexed loops over every participant: planIngest runs once per snapshot, mostly unoptimized, where
      // for...of makes an iterator result per step.
      for (let i = 0; i < observations.length; i++) observed.set(observations[i]!.participant.id, observations[i]!);
    }
    return observed.get(id);
  };
  // Names of people no longer listed: built when first asked.
  let storedNames: Map<string, string> | null = null;
  const nameOf = (id: string): string | null => {
    const o = observationOf(id);
    if (o) return o.participant.name || null;
    if (storedNames === null) {
      storedNames = new Map();
      for (const m of storedRoster.members) storedNames.set(m.id, m.name);
    }
    return storedNames.get(id) || null;
  };
  const facts: RuleFacts = {
    snapshot: s,
    observations,
    diff,
    corrupt: builder.corrupt,
    nameOf,
    storedProblems: stored?.problems ?? [],
    degraded: false,
  };
  const rosterDrafts = detectAlerts(facts, 'roster');
  const corruptReported = builder.corrupt.length;

  // The conversation's level: the former trust of people who left decides whether it was all verified.
  // (A person listed but no longer shown is both observed and removed: the same contact record either way.)
  const trustOfRemoved = new Map<string, TrustState>();
  for (const m of diff.removed) {
    const contact = builder.read(contactKeyOf(m.id), ContactRecordSchema);
    if (contact) trustOfRemoved.set(m.id, contact.trust);
  }
  // The snapshot's participants stand for the new roster; only the chunks written copy their members.
  const roster = s.participants;
  const level = nextLevel({
    stored,
    storedRoster: storedRoster.members,
    storedComplete: isComplete(storedRoster),
    // The stored roster is the diff's previous one (or empty), the roster the snapshot's participants.
    trustBefore: (id, at) => {
      const listed = diff.currentIndex[at] ?? -1;
      return trustOfRemoved.get(id) ?? (listed < 0 ? undefined : observations[listed]!.before?.trust);
    },
    trustAfter: (_, at) => observations[at]!.after.trust,
    roster,
    problems: s.problems,
    drafts: rosterDrafts,
    diff,
  });
  const drafts = uniqueDrafts(rosterDrafts);
  for (const [id, d] of uniqueDrafts(detectAlerts({ ...facts, degraded: level.degradesNow }, 'conversation'))) {
    if (!drafts.has(id)) drafts.set(id, d);
  }

  // The alerts against the stored ones; records found damaged from here on get their own notice.
  const alerts = reconcileAlerts(drafts, (id) => builder.read(alertKey(id), AlertRecordSchema), now);
  const lateFindings = builder.corrupt.slice(corruptReported);
  const late = reconcileAlerts(uniqueDrafts(lateFindings.length > 0 ? recordCorruptDrafts(s, lateFindings) : []), () => null, now);
  for (const [id, record] of late.writes) alerts.writes.set(id, record);
  alerts.raised.push(...late.raised);

  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!;
    if (o.dirty) builder.write(contactKeyOf(o.participant.id), o.after);
  }
  const conversation = nextConversation(stored, storedRoster, s, roster, level.level, now, diff);
  if (conversation.record) builder.write(convKey, conversation.record);
  for (const [key, chunk] of conversation.chunks) builder.write(key, chunk);
  for (const key of conversation.obsolete) builder.remove(key);
  for (const [id, record] of alerts.writes) builder.write(alertKey(id), record);
  return { ok: true, ...builder.finish(), alerts: alerts.raised, conversationKey: convKey };
}

function recordCorruptDrafts(s: RosterSnapshot, findings: RuleFacts['corrupt']): AlertDraft[] {
  return recordCorruptFields(s, findings).map((fields) => ({ rule: 'record-corrupt', ...fields }));
}
