import { describe, expect, it } from 'vitest';
import type { AlertDraft } from './alert-draft';
import { EMPTY_FIELDS } from '../rules/fields';
import { alertIdOf } from './alert-id';
import { newAlertRecord, reconcileAlerts, uniqueDrafts } from './alert-reconcile';
import type { AlertRecord } from '../store/record-schemas';
import { LAST_SEEN_RESOLUTION_MS } from '../store/last-seen';
import { ACCOUNT, key, ORIGIN, T0 } from '../testing/test-support';

const draft = (rule: AlertDraft['rule'], extra: Partial<AlertDraft> = {}): AlertDraft => ({
  ...EMPTY_FIELDS,
  rule,
  origin: ORIGIN,
  account: ACCOUNT,
  contactId: 'bob',
  contactName: 'Bob',
  key: key(2),
  conversationId: 'team',
  ...extra,
});
const one = (d: AlertDraft) => uniqueDrafts([d]);
const stored = (d: AlertDraft, patch: Partial<AlertRecord> = {}): AlertRecord => ({ ...newAlertRecord(alertIdOf(d), d, T0), ...patch });
const acked = (d: AlertDraft) => stored(d, { state: 'acknowledged', acknowledgedAt: T0 + 1, acknowledgedBy: 'user' });

describe('alert ids', () => {
  it('come from content: the same condition gives the same id, another condition another id', () => {
    expect(alertIdOf(draft('ghost-device', { deviceId: 'd', vouch: 'unsigned' }))).toBe(
      alertIdOf(draft('ghost-device', { deviceId: 'd', vouch: 'unsigned', conversationId: 'elsewhere', contactName: 'Robert' })),
    );
    expect(alertIdOf(draft('ghost-device', { deviceId: 'd', vouch: 'unsigned' }))).not.toBe(
      alertIdOf(draft('ghost-device', { deviceId: 'd', vouch: 'bad-signature' })),
    );
    expect(alertIdOf(draft('key-changed', { key: key(3) }))).not.toBe(alertIdOf(draft('key-changed', { key: key(4) })));
    expect(alertIdOf(draft('key-changed'))).not.toBe(alertIdOf(draft('key-changed', { origin: 'https://other.example' })));
    expect(alertIdOf(draft('participant-added'))).not.toBe(alertIdOf(draft('participant-added', { conversationId: 'other' })));
  });

  it('collapses duplicates found in one ingest', () => {
    expect(uniqueDrafts([draft('first-seen'), draft('first-seen'), draft('first-seen', { key: key(3) })]).size).toBe(2);
  });
});

describe('reconciling drafts with stored alerts', () => {
  it('opens a new alert', () => {
    const d = draft('first-seen');
    const r = reconcileAlerts(one(d), () => null, T0);
    expect(r.raised).toHaveLength(1);
    expect(r.raised[0]).toMatchObject({
      state: 'open',
      firstRaised: T0,
      lastRaised: T0,
      occurrences: 1,
      severity: 'info',
      acknowledgedAt: null,
    });
  });

  it('does not raise an open alert again, and marks it seen at most once per resolution', () => {
    const d = draft('ghost-device', { deviceId: 'x', vouch: 'unsigned' });
    const open = stored(d);
    expect(reconcileAlerts(one(d), () => open, T0 + 1_000)).toMatchObject({ raised: [], writes: new Map() });
    const later = reconcileAlerts(one(d), () => open, T0 + LAST_SEEN_RESOLUTION_MS);
    expect(later.raised).toEqual([]);
    expect(later.writes.get(open.id)).toEqual({ ...open, lastSeen: T0 + LAST_SEEN_RESOLUTION_MS });
  });

  it('keeps an acknowledged condition acknowledged while it stays the same', () => {
    for (const rule of ['ghost-device', 'invalid-identity', 'device-added', 'device-removed', 'first-seen', 'record-corrupt'] as const) {
      const d = draft(rule, { deviceId: 'x', vouch: 'unsigned', detail: 'why' });
      const r = reconcileAlerts(one(d), () => acked(d), T0 + LAST_SEEN_RESOLUTION_MS);
      expect(r.raised).toEqual([]);
      expect(r.writes.get(alertIdOf(d))?.state).toBe('acknowledged');
    }
  });

  it('reopens an acknowledged change that happens again, keeping its history', () => {
    for (const rule of [
      'key-changed',
      'verified-key-changed',
      'participant-added',
      'participant-removed',
      'hidden-participant',
      'conversation-degraded',
      'trust-state-invalid',
      'snapshot-problem',
    ] as const) {
      const d = draft(rule, { previousKey: key(1) });
      const r = reconcileAlerts(one(d), () => ({ ...acked(d), occurrences: 2 }), T0 + 5 * LAST_SEEN_RESOLUTION_MS);
      expect(r.raised).toHaveLength(1);
      expect(r.raised[0]).toMatchObject({
        state: 'open',
        firstRaised: T0,
        lastRaised: T0 + 5 * LAST_SEEN_RESOLUTION_MS,
        occurrences: 3,
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
    }
  });

  it('counts each new occurrence in the open alert of a rule that counts, with the latest fields, without raising it again', () => {
    const d = draft('snapshot-problem', { detail: 'the latest' });
    const open = { ...stored(draft('snapshot-problem', { detail: 'the first' })), occurrences: 3 };
    const r = reconcileAlerts(one(d), () => open, T0 + 1_000);
    expect(r.raised).toEqual([]);
    expect(r.writes.get(open.id)).toEqual({ ...open, detail: 'the latest', lastRaised: T0 + 1_000, lastSeen: T0 + 1_000, occurrences: 4 });
  });
});
