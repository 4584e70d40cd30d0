import { describe, expect, it } from 'vitest';
import { planAcknowledge } from './acknowledge';
import type { IngestPlan } from '../ingest/ingest';
import type { AlertRecord, ContactRecord, ConversationRecord } from '../store/record-schemas';
import { alertKey, contactKey, conversationKey, QUARANTINE_PREFIX, SCHEMA_KEY } from '../store/storage-keys';
import {
  ACCOUNT,
  applyPlan,
  emptyStore,
  ingest,
  key,
  MINUTE,
  ORIGIN,
  person,
  snapshot,
  storeReader,
  T0,
  type Store,
} from '../testing/test-support';

const alice = person('alice', 1);
const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');
const convKey = conversationKey(ORIGIN, ACCOUNT, 'team');

function ack(store: Store, id: string, now = T0 + 5 * MINUTE) {
  const r = planAcknowledge(storeReader(store), id, now);
  if (!r.ok) throw new Error(r.reason);
  return { result: r, store: applyPlan(store, r) };
}
const byRule = (plan: IngestPlan, rule: string) => plan.alerts.find((a) => a.rule === rule)!;

describe('acknowledge', () => {
  it('accepts a first-seen key: the contact becomes accepted, not verified', () => {
    const first = ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0);
    const { store, result } = ack(first.store, first.plan.alerts.find((a) => a.contactId === 'bob')!.id);
    expect((store[bobKey] as ContactRecord).trust).toBe('accepted');
    expect(result.outcome).toMatch(/Bob's key .* is accepted \(accepted\)/);
  });

  it('accepts a changed key, never restoring the verified mark', () => {
    let store = ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0).store;
    store = { ...store, [bobKey]: { ...(store[bobKey] as ContactRecord), trust: 'verified' } };
    const changed = ingest(store, snapshot([alice, person('bob', 3)]), T0 + MINUTE);
    const alert = byRule(changed.plan, 'verified-key-changed');
    const after = ack(changed.store, alert.id).store;
    expect(after[bobKey]).toMatchObject({ trust: 'accepted', currentKey: key(3) });
    expect(after[alertKey(alert.id)]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'user', acknowledgedAt: T0 + 5 * MINUTE });
  });

  it('accepts nothing when the key changed again since the alert', () => {
    const first = ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0);
    const toThree = ingest(first.store, snapshot([alice, person('bob', 3)]), T0 + MINUTE);
    const toFour = ingest(toThree.store, snapshot([alice, person('bob', 4)]), T0 + 2 * MINUTE);
    const { store, result } = ack(toFour.store, byRule(toThree.plan, 'key-changed').id);
    expect((store[bobKey] as ContactRecord).trust).toBe('changed');
    expect(result.outcome).toMatch(/changed again since .* no key was accepted/);
  });

  it('does not re-alert an acknowledged condition while it stays the same, but does for a new device', () => {
    const ghost = (id: string, n: number) => ({ id, key: key(n), vouch: 'unsigned' as const, encryptedTo: true });
    const withGhost = snapshot([alice, person('bob', 2, { devices: [ghost('g1', 70)] })]);
    const first = ingest(emptyStore(), withGhost, T0);
    const acked = ack(first.store, byRule(first.plan, 'ghost-device').id).store;
    expect(ingest(acked, withGhost, T0 + 10 * MINUTE).plan.alerts).toEqual([]);
    const another = ingest(acked, snapshot([alice, person('bob', 2, { devices: [ghost('g1', 70), ghost('g2', 71)] })]), T0 + 10 * MINUTE);
    expect(another.plan.alerts.map((a) => [a.rule, a.deviceId])).toEqual([['ghost-device', 'g2']]);
    const rekeyed = ingest(acked, snapshot([alice, person('bob', 2, { devices: [ghost('g1', 72)] })]), T0 + 10 * MINUTE);
    // Same device id with a new key: a new condition (and the old key's device is gone).
    expect(rekeyed.plan.alerts.map((a) => [a.rule, a.deviceId, a.key?.key])).toEqual([
      ['ghost-device', 'g1', key(72).key],
      ['device-removed', 'g1', key(70).key],
    ]);
  });

  it('releases a degraded conversation to unverified', () => {
    let store = ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0).store;
    store = { ...store, [bobKey]: { ...(store[bobKey] as ContactRecord), trust: 'verified' } };
    const degraded = ingest(store, snapshot([alice, person('bob', 2), person('carol', 3)]), T0 + MINUTE);
    expect((degraded.store[convKey] as ConversationRecord).level).toBe('degraded');
    const after = ack(degraded.store, byRule(degraded.plan, 'conversation-degraded').id).store;
    expect(after[convKey]).toMatchObject({ level: 'unverified', levelSince: T0 + 5 * MINUTE });
  });

  it('is idempotent, and plainly closes alerts that accept no key', () => {
    const first = ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0);
    const removed = ingest(first.store, snapshot([alice]), T0 + MINUTE);
    const id = removed.plan.alerts[0]!.id;
    const once = ack(removed.store, id);
    expect(once.result.outcome).toBe('the alert is acknowledged');
    expect(Object.keys(once.result.writes)).toEqual([alertKey(id)]);
    expect(ack(once.store, id).result).toMatchObject({ writes: {}, outcome: 'the alert was already acknowledged' });
  });

  it('moves an inconsistent contact to invalid and opens an alert about it', () => {
    const first = ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0);
    const id = first.plan.alerts.find((a) => a.contactId === 'bob')!.id;
    const broken = { ...first.store, [bobKey]: { ...(first.store[bobKey] as ContactRecord), trust: 'unkeyed' } };
    const { result, store } = ack(broken, id);
    expect(store[bobKey]).toMatchObject({ trust: 'invalid', invalidReason: 'event "acknowledged" is not allowed in state "unkeyed"' });
    expect(result.alerts.map((a: AlertRecord) => a.rule)).toEqual(['trust-state-invalid']);
  });

  it('sets aside a damaged trust-state-invalid alert it would write over, with a record-corrupt alert', () => {
    const first = ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0);
    const id = first.plan.alerts.find((a) => a.contactId === 'bob')!.id;
    const broken = { ...first.store, [bobKey]: { ...(first.store[bobKey] as ContactRecord), trust: 'unkeyed' } };
    const [invalid] = ack(broken, id).result.alerts;
    const damaged = { ...invalid!, occurrences: 0 };
    const { result, store } = ack({ ...broken, [alertKey(invalid!.id)]: damaged }, id);
    expect(store[alertKey(invalid!.id)]).toMatchObject({ rule: 'trust-state-invalid', occurrences: 1 });
    const copy = Object.entries(store).find(([k]) => k.startsWith(QUARANTINE_PREFIX));
    expect(copy?.[1]).toMatchObject({ originalKey: alertKey(invalid!.id), value: damaged });
    const reported = result.alerts.find((a) => a.rule === 'record-corrupt');
    expect(reported).toMatchObject({ state: 'open', recordKey: alertKey(invalid!.id), quarantineKey: copy?.[0] });
    expect(store[alertKey(reported!.id)]).toEqual(reported);
  });

  it.each([
    ['a malformed id', 'nope', /not an alert id/],
    ['an unknown alert', 'f'.repeat(32), /no such alert/],
  ])('refuses %s', (_, id, reason) => {
    const r = planAcknowledge(storeReader(emptyStore()), id, T0);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('refuses a damaged alert or contact instead of guessing', () => {
    const first = ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0);
    const id = first.plan.alerts.find((a) => a.contactId === 'bob')!.id;
    expect(planAcknowledge(storeReader({ ...first.store, [alertKey(id)]: { id } }), id, T0)).toMatchObject({
      ok: false,
      reason: /saved alert is damaged/,
    });
    expect(planAcknowledge(storeReader({ ...first.store, [bobKey]: 7 }), id, T0)).toMatchObject({
      ok: false,
      reason: /contact is damaged/,
    });
    const asked: string[] = [];
    expect(planAcknowledge(storeReader(first.store, asked), 42, T0)).toMatchObject({ ok: false, reason: /not an alert id/ });
    expect(asked).toEqual([]); // a malformed id reads nothing
  });

  it('reads the alert and only the record its acknowledgement changes', () => {
    const first = ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0);
    const id = first.plan.alerts.find((a) => a.contactId === 'bob')!.id;
    const asked: string[] = [];
    expect(planAcknowledge(storeReader(first.store, asked), id, T0 + MINUTE)).toMatchObject({ ok: true, outcome: /accepted/ });
    expect(asked).toEqual([SCHEMA_KEY, alertKey(id), bobKey]);
  });

  it('does not close an occurrence counted after the one the page showed: the user looks again', () => {
    const problem = (problems: string[]) => snapshot([alice, person('bob', 2)], { problems });
    const first = ingest(emptyStore(), problem(['the page changed faster than it could be read']), T0);
    const shown = byRule(first.plan, 'snapshot-problem');
    // Counted into the open alert (no second notification) while the popup still shows the first occurrence.
    const second = ingest(first.store, problem(['the page changed faster than it could be read', 'again']), T0 + MINUTE);
    const now = second.store[alertKey(shown.id)] as AlertRecord;
    expect(now.occurrences).toBe(2);
    const refused = planAcknowledge(storeReader(second.store), shown.id, T0 + 2 * MINUTE, shown.lastRaised);
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/raised again since it was shown/) });
    const accepted = planAcknowledge(storeReader(second.store), shown.id, T0 + 2 * MINUTE, now.lastRaised);
    expect(accepted.ok).toBe(true);
  });
});
