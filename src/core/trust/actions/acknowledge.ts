// The user acknowledges one alert, accepting exactly what its `accepts` text
// says. For a key alert that is the key it names, and only while that key is
// still the contact's current key: if the key changed again since, the newer
// change has its own alert and this acknowledgement accepts nothing about it.
// For conversation-degraded it accepts that the conversation is no longer
// fully verified (the latch is released). Acknowledging never marks anything verified.

import { EMPTY_DRAFT_FIELDS } from '../alerts/alert-draft';
import { alertIdOf } from '../alerts/alert-id';
import type { AlertRule } from '../alerts/alert-kinds';
import { newAlertRecord } from '../alerts/alert-reconcile';
import { personName } from '../display-text';
import { sameKey, shortKey } from '../public-keys';
import { readWith } from '../store/read-record';
import {
  AlertRecordSchema,
  ContactRecordSchema,
  ConversationRecordSchema,
  type AlertRecord,
  type ContactRecord,
  type StoredRecord,
} from '../store/record-schemas';
import { alertKey, contactKey, conversationKey, isAlertId, SCHEMA_KEY } from '../store/storage-keys';
import { transition } from '../trust-machine';
import { refuse, storeRefusal, type ActionResult } from './action-result';

/** Alerts whose acknowledgement accepts a key as the contact's key. */
const ACCEPTS_KEY: ReadonlySet<AlertRule> = new Set(['first-seen', 'key-changed', 'verified-key-changed']);

/** Phase 1: the schema and the alert. */
export function keysToAcknowledge(alertId: unknown): string[] {
  return typeof alertId === 'string' && isAlertId(alertId) ? [SCHEMA_KEY, alertKey(alertId)] : [];
}

/** Phase 2, from the alert read in phase 1: the contact or conversation it is about. */
export function moreKeysToAcknowledge(firstRead: Readonly<Record<string, unknown>>, alertId: unknown): string[] {
  if (typeof alertId !== 'string' || !isAlertId(alertId)) return [];
  const read = readWith(firstRead, alertKey(alertId), AlertRecordSchema);
  if (read.status !== 'ok') return [];
  const a = read.value;
  if (ACCEPTS_KEY.has(a.rule) && a.contactId !== null) {
    return [contactKey(a.origin, a.account, a.contactId), alertKey(invalidAlertId(a, a.contactId))];
  }
  if (a.rule === 'conversation-degraded' && a.conversationId !== null) return [conversationKey(a.origin, a.account, a.conversationId)];
  return [];
}

function invalidAlertId(a: AlertRecord, contactId: string): string {
  return alertIdOf({ ...EMPTY_DRAFT_FIELDS, rule: 'trust-state-invalid', origin: a.origin, account: a.account, contactId });
}

export function planAcknowledge(records: Readonly<Record<string, unknown>>, alertId: unknown, now: number): ActionResult {
  if (typeof alertId !== 'string' || !isAlertId(alertId)) return refuse('acknowledge refused: not an alert id');
  if (!Number.isFinite(now) || now < 0) return refuse('acknowledge refused: the time is not a valid timestamp');
  const storeProblem = storeRefusal(records);
  if (storeProblem) return storeProblem;
  const read = readWith(records, alertKey(alertId), AlertRecordSchema);
  if (read.status === 'absent') return refuse('acknowledge refused: there is no such alert');
  if (read.status === 'corrupt') return refuse(`acknowledge refused: the saved alert is damaged (${read.reason})`);
  const alert = read.value;
  if (alert.state === 'acknowledged') return { ok: true, writes: {}, outcome: 'the alert was already acknowledged', alerts: [] };

  const writes: Record<string, StoredRecord> = {
    [alertKey(alertId)]: { ...alert, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: 'user' },
  };
  if (ACCEPTS_KEY.has(alert.rule)) return acceptKey(records, alert, writes, now);
  if (alert.rule === 'conversation-degraded') return releaseDegraded(records, alert, writes, now);
  return { ok: true, writes, outcome: 'the alert is acknowledged', alerts: [] };
}

function acceptKey(
  records: Readonly<Record<string, unknown>>,
  alert: AlertRecord,
  writes: Record<string, StoredRecord>,
  now: number,
): ActionResult {
  if (alert.contactId === null || alert.key === null) return refuse('acknowledge refused: the alert names no contact or key');
  const key = contactKey(alert.origin, alert.account, alert.contactId);
  const read = readWith(records, key, ContactRecordSchema);
  if (read.status === 'absent') return refuse('acknowledge refused: the contact this alert is about is not in the store');
  if (read.status === 'corrupt') return refuse(`acknowledge refused: the saved record of this contact is damaged (${read.reason})`);
  const contact = read.value;
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
      ...EMPTY_DRAFT_FIELDS,
      rule: 'trust-state-invalid' as const,
      origin: alert.origin,
      account: alert.account,
      contactId: contact.contactId,
      contactName: contact.name,
      detail: moved.illegal,
    };
    const id = alertIdOf(draft);
    const stored = readWith(records, alertKey(id), AlertRecordSchema);
    const raised = newAlertRecord(id, draft, now);
    const record =
      stored.status === 'ok' ? { ...raised, firstRaised: stored.value.firstRaised, occurrences: stored.value.occurrences + 1 } : raised;
    writes[alertKey(id)] = record;
    alerts.push(record);
  }
  return { ok: true, writes, outcome: `${name}'s key ${shortKey(alert.key)} is accepted (${after.trust})`, alerts };
}

function releaseDegraded(
  records: Readonly<Record<string, unknown>>,
  alert: AlertRecord,
  writes: Record<string, StoredRecord>,
  now: number,
): ActionResult {
  if (alert.conversationId === null) return refuse('acknowledge refused: the alert names no conversation');
  const key = conversationKey(alert.origin, alert.account, alert.conversationId);
  const read = readWith(records, key, ConversationRecordSchema);
  if (read.status === 'corrupt') return refuse(`acknowledge refused: the saved conversation is damaged (${read.reason})`);
  if (read.status === 'ok' && read.value.level === 'degraded') {
    writes[key] = { ...read.value, level: 'unverified', levelSince: now };
  }
  return { ok: true, writes, outcome: 'the conversation is no longer shown as degraded', alerts: [] };
}
