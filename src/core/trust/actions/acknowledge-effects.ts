// What acknowledging an alert does beyond closing it, one function per effect a
// rule can name (Rule.acknowledge). Each gets the alert and the writes that
// close it, and returns the action's result.

import { alertIdOf } from '../alerts/alert-id';
import { newAlertRecord } from '../alerts/alert-reconcile';
import { personName } from '../display-text';
import { sameKey, shortKey } from '../public-keys';
import type { AcknowledgeEffect } from '../rules';
import { EMPTY_FIELDS } from '../rules/fields';
import { readWith, type StoreRead } from '../store/read-record';
import { setAsideBeforeReplacing } from '../store/record-corrupt-alert';
import {
  AlertRecordSchema,
  ContactRecordSchema,
  ConversationRecordSchema,
  type AlertRecord,
  type ContactRecord,
  type StoredRecord,
} from '../store/record-schemas';
import { alertKey, contactKey, conversationKey } from '../store/storage-keys';
import { transition } from '../trust-machine';
import { refuse, type ActionResult } from './action-result';

type Effect = (read: StoreRead, alert: AlertRecord, writes: Record<string, StoredRecord>, now: number) => ActionResult;

export const ACKNOWLEDGE_EFFECTS: { readonly [E in AcknowledgeEffect]: Effect } = {
  'accept-key': acceptKey,
  'release-degraded': releaseDegraded,
  none: (_read, _alert, writes) => ({ ok: true, writes, outcome: 'the alert is acknowledged', alerts: [] }),
};

/**
 * Accepts the key the alert names as the contact's key, only while it is still
 * their current key: if it changed again since, the newer change has its own
 * alert and this acknowledgement accepts nothing about it. Never marks verified.
 */
function acceptKey(read: StoreRead, alert: AlertRecord, writes: Record<string, StoredRecord>, now: number): ActionResult {
  if (alert.contactId === null || alert.key === null) return refuse('acknowledge refused: the alert names no contact or key');
  const key = contactKey(alert.origin, alert.account, alert.contactId);
  const stored = readWith(read, key, ContactRecordSchema);
  if (stored.status === 'absent') return refuse('acknowledge refused: the contact this alert is about is not in the store');
  if (stored.status === 'corrupt') return refuse(`acknowledge refused: the saved record of this contact is damaged (${stored.reason})`);
  const contact = stored.value;
  const name = personName(contact.name, contact.contactId);
  if (!sameKey(contact.currentKey, alert.key)) {
    return {
      ok: true,
      writes,
      outcome: `the alert is acknowledged; ${name}'s key has changed again since (now ${shortKey(contact.currentKey)}), so no key was accepted`,
      alerts: [],
    };
  }
  const moved = transition(contact.trust, 'acknowledged');
  const after: ContactRecord = {
    ...contact,
    trust: moved.state,
    trustSince: moved.state === contact.trust ? contact.trustSince : now,
    invalidReason: moved.illegal ?? contact.invalidReason,
  };
  writes[key] = after;
  const alerts: AlertRecord[] = [];
  if (moved.illegal) {
    const draft = {
      ...EMPTY_FIELDS,
      rule: 'trust-state-invalid' as const,
      origin: alert.origin,
      account: alert.account,
      contactId: contact.contactId,
      contactName: contact.name,
      detail: moved.illegal,
    };
    const id = alertIdOf(draft);
    const known = readWith(read, alertKey(id), AlertRecordSchema);
    if (known.status === 'corrupt') {
      // Written over below: its copy and its record-corrupt alert go first.
      const setAside = setAsideBeforeReplacing(read, alertKey(id), known.reason, now);
      Object.assign(writes, setAside.writes);
      if (setAside.raised) alerts.push(setAside.raised);
    }
    const raised = newAlertRecord(id, draft, now);
    const record =
      known.status === 'ok' ? { ...raised, firstRaised: known.value.firstRaised, occurrences: known.value.occurrences + 1 } : raised;
    writes[alertKey(id)] = record;
    alerts.push(record);
  }
  return { ok: true, writes, outcome: `${name}'s key ${shortKey(alert.key)} is accepted (${after.trust})`, alerts };
}

/** Accepts that the conversation is no longer fully verified: the degraded latch is released. */
function releaseDegraded(read: StoreRead, alert: AlertRecord, writes: Record<string, StoredRecord>, now: number): ActionResult {
  if (alert.conversationId === null) return refuse('acknowledge refused: the alert names no conversation');
  const key = conversationKey(alert.origin, alert.account, alert.conversationId);
  const stored = readWith(read, key, ConversationRecordSchema);
  if (stored.status === 'corrupt') return refuse(`acknowledge refused: the saved conversation is damaged (${stored.reason})`);
  if (stored.status === 'ok' && stored.value.level === 'degraded') {
    writes[key] = { ...stored.value, level: 'unverified', levelSince: now };
  }
  return { ok: true, writes, outcome: 'the conversation is no longer shown as degraded', alerts: [] };
}
