import { describe, expect, it } from 'vitest';
import { planMarkVerified } from './mark-verified';
import type { AlertRecord, ContactRecord } from '../store/record-schemas';
import { alertKey, contactKey, SCHEMA_KEY } from '../store/storage-keys';
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
const target = (n: number, method = 'scanned') => ({ origin: ORIGIN, account: ACCOUNT, contactId: 'bob', key: key(n), method });
const mark = (store: Store, t: unknown, now = T0 + MINUTE) => planMarkVerified(storeReader(store), t, now);
const seen = () => ingest(emptyStore(), snapshot([alice, person('bob', 2)]), T0).store;

describe('mark verified', () => {
  it('marks the current key verified, records how and when, and closes the first-seen alert', () => {
    const store = seen();
    const r = mark(store, target(2, 'read-aloud'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const bob = r.writes[bobKey] as ContactRecord;
    expect(bob.trust).toBe('verified');
    expect(bob.verifications).toEqual([{ method: 'read-aloud', at: T0 + MINUTE, key: key(2) }]);
    const closed = Object.values(r.writes).filter((w) => (w as AlertRecord).rule === 'first-seen') as AlertRecord[];
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'verification', key: key(2) });
    expect(r.outcome).toMatch(/Bob's key 0000 0002 0000… is marked verified \(read-aloud\)/);
  });

  it('refuses a key that is not the contact’s current key', () => {
    const store = ingest(seen(), snapshot([alice, person('bob', 3)]), T0 + 1).store;
    const r = mark(store, target(2));
    expect(r).toEqual({
      ok: false,
      reason: expect.stringMatching(/the key compared \(0000 0002 0000…\) is not Bob's current key \(0000 0003 0000…\)/),
    });
  });

  it('verifies a changed key again after comparing the new one, and closes the change alert', () => {
    let store = applyPlan(seen(), mark(seen(), target(2)) as { writes: Store });
    store = ingest(store, snapshot([alice, person('bob', 3)]), T0 + 2 * MINUTE).store;
    expect((store[bobKey] as ContactRecord).trust).toBe('changed-after-verified');
    const r = mark(store, target(3, 'typed'), T0 + 3 * MINUTE);
    if (!r.ok) throw new Error(r.reason);
    expect((r.writes[bobKey] as ContactRecord).trust).toBe('verified');
    expect((r.writes[bobKey] as ContactRecord).verifications.map((v) => v.key)).toEqual([key(2), key(3)]);
    expect(
      Object.values(r.writes).some(
        (w) => (w as AlertRecord).rule === 'verified-key-changed' && (w as AlertRecord).state === 'acknowledged',
      ),
    ).toBe(true);
  });

  it('closes the open alert of an invalid trust state, as it promises', () => {
    // A record that says "accepted" without a key: its first key is an illegal move.
    const keyless = ingest(emptyStore(), snapshot([alice, person('bob', null)]), T0).store;
    const broken = { ...keyless, [bobKey]: { ...(keyless[bobKey] as ContactRecord), trust: 'accepted' } };
    const { store, plan } = ingest(broken, snapshot([alice, person('bob', 2)]), T0 + MINUTE);
    const invalid = plan.alerts.find((a) => a.rule === 'trust-state-invalid')!;
    expect(invalid).toMatchObject({ state: 'open', contactId: 'bob' });
    expect((store[bobKey] as ContactRecord).trust).toBe('invalid');
    const r = mark(store, target(2), T0 + 2 * MINUTE);
    if (!r.ok) throw new Error(r.reason);
    expect(r.writes[bobKey]).toMatchObject({ trust: 'verified', invalidReason: null });
    expect(r.writes[alertKey(invalid.id)]).toEqual({
      ...invalid,
      state: 'acknowledged',
      acknowledgedAt: T0 + 2 * MINUTE,
      acknowledgedBy: 'verification',
    });
  });

  it('leads out of the invalid state and clears its reason', () => {
    const store = seen();
    const broken = { ...store, [bobKey]: { ...(store[bobKey] as ContactRecord), trust: 'invalid', invalidReason: 'x' } };
    const r = mark(broken, target(2));
    expect(r.ok && r.writes[bobKey]).toMatchObject({ trust: 'verified', invalidReason: null });
  });

  it.each([
    ['an unknown method', { ...target(2), method: 'guessed' }, /at method: expected a verification method/],
    ['an empty contact id', { ...target(2), contactId: '' }, /empty contact id/],
    ['a contact never seen', { ...target(2), contactId: 'zoe' }, /never seen this contact/],
    ['not an object', 'bob', /mark verified refused/],
  ])('refuses %s', (_, t, reason) => {
    const r = planMarkVerified(storeReader(seen()), t, T0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('refuses an unkeyed contact, a damaged record, and a store not migrated', () => {
    const unkeyed = ingest(emptyStore(), snapshot([alice, person('bob', null)]), T0).store;
    expect(mark(unkeyed, target(2))).toMatchObject({ ok: false, reason: /no usable identity key/ });
    expect(mark({ ...seen(), [bobKey]: { nope: 1 } }, target(2))).toMatchObject({ ok: false, reason: /damaged/ });
    const store = seen();
    delete store[SCHEMA_KEY];
    expect(mark(store, target(2))).toMatchObject({ ok: false, reason: /action refused: the store has no schema record/ });
    const asked: string[] = [];
    expect(planMarkVerified(storeReader(seen(), asked), {}, T0)).toMatchObject({ ok: false });
    expect(asked).toEqual([]); // a malformed target reads nothing
  });
});
