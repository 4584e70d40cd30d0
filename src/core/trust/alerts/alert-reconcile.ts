// Turns the drafts of one ingest into alert records, against what is stored:
// a new condition opens an alert; one already open is only marked as seen
// again; one the user acknowledged stays acknowledged, unless its rule says a
// repeat is a new occurrence (a key changing again), which reopens it. A rule
// that counts (every finding is one more occurrence) has an open alert count
// the finding instead. An alert that came from a records file (`fromFile`) was
// never found here: the first time its condition is found here it is raised as
// new, whatever its state, so no file can acknowledge (or quietly pre-open) a
// condition before it happens.

import { RULES } from '../rules';
import { LAST_SEEN_RESOLUTION_MS } from '../store/last-seen';
import type { AlertRecord } from '../store/record-schemas';
import type { AlertDraft } from './alert-draft';
import { alertIdOf } from './alert-id';

export interface ReconcileResult {
  /** Alert records to write, by alert id. */
  writes: Map<string, AlertRecord>;
  /** Alerts opened or reopened by this ingest: the ones to notify about. */
  raised: AlertRecord[];
}

export function uniqueDrafts(drafts: readonly AlertDraft[]): Map<string, AlertDraft> {
  const byId = new Map<string, AlertDraft>();
  for (const d of drafts) {
    const id = alertIdOf(d);
    if (!byId.has(id)) byId.set(id, d);
  }
  return byId;
}

export function newAlertRecord(id: string, d: AlertDraft, now: number): AlertRecord {
  return {
    id,
    rule: d.rule,
    severity: RULES[d.rule].severity,
    state: 'open',
    origin: d.origin,
    account: d.account,
    conversationId: d.conversationId,
    conversationTitle: d.conversationTitle,
    contactId: d.contactId,
    contactName: d.contactName,
    key: d.key,
    previousKey: d.previousKey,
    deviceId: d.deviceId,
    vouch: d.vouch,
    detail: d.detail,
    recordKey: d.recordKey,
    quarantineKey: d.quarantineKey,
    newIdentityKey: d.newIdentityKey,
    firstRaised: now,
    lastRaised: now,
    lastSeen: now,
    acknowledgedAt: null,
    acknowledgedBy: null,
    occurrences: 1,
    fromFile: false,
  };
}

export function reconcileAlerts(
  drafts: ReadonlyMap<string, AlertDraft>,
  existing: (id: string) => AlertRecord | null,
  now: number,
): ReconcileResult {
  const result: ReconcileResult = { writes: new Map(), raised: [] };
  for (const [id, draft] of drafts) {
    const stored = existing(id);
    if (!stored) {
      const created = newAlertRecord(id, draft, now);
      result.writes.set(id, created);
      result.raised.push(created);
    } else if (stored.fromFile || (stored.state === 'acknowledged' && RULES[draft.rule].reopens)) {
      const fresh = newAlertRecord(id, draft, now);
      const reopened: AlertRecord = { ...fresh, firstRaised: stored.firstRaised, occurrences: stored.occurrences + 1 };
      result.writes.set(id, reopened);
      result.raised.push(reopened);
    } else if (stored.state === 'open' && RULES[draft.rule].counts) {
      // Still open: counted, with what the latest occurrence found; not raised again (no second notification).
      const fresh = newAlertRecord(id, draft, now);
      result.writes.set(id, { ...fresh, firstRaised: stored.firstRaised, occurrences: stored.occurrences + 1 });
    } else if (now - stored.lastSeen >= LAST_SEEN_RESOLUTION_MS) {
      result.writes.set(id, { ...stored, lastSeen: now });
    }
  }
  return result;
}
