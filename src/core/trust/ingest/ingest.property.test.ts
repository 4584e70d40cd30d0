import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planAcknowledge } from '../actions/acknowledge';
import { PEOPLE, identityKey, snapshotArb, verifyStepArb, type VerifyStep } from '../testing/arbitraries';
import { collectAlerts } from '../alerts/collect-alerts';
import { LAST_SEEN_RESOLUTION_MS } from '../store/last-seen';
import { planMarkVerified } from '../actions/mark-verified';
import { recordsReader, validateRecordAt } from '../store/read-record';
import type { AlertRecord, ContactRecord } from '../store/record-schemas';
import { readConversation } from '../store/conversation-read';
import { contactKey, conversationKey } from '../store/storage-keys';
import { ACCOUNT, applyPlan, emptyStore, ingest, ORIGIN, storeReader, T0, type Store } from '../testing/test-support';
import type { RosterSnapshot } from '../../roster';

type Step = { kind: 'snapshot'; snapshot: RosterSnapshot; wait: number } | VerifyStep | { kind: 'acknowledge'; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('snapshot' as const),
      snapshot: snapshotArb,
      wait: fc.integer({ min: 0, max: 3 * LAST_SEEN_RESOLUTION_MS }),
    }),
  },
  { weight: 2, arbitrary: verifyStepArb },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('acknowledge' as const), pick: fc.nat() }) },
);

/** Removes every lastSeen field, to compare records up to it. */
function withoutLastSeen(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLastSeen);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'lastSeen')
        .map(([k, v]) => [k, withoutLastSeen(v)]),
    );
  }
  return value;
}

const contact = (store: Store, id: string) => store[contactKey(ORIGIN, ACCOUNT, id)] as ContactRecord | undefined;

/** Runs the steps; calls `check` after each with what happened. */
function run(steps: Step[], check: (store: Store, step: Step, before: Store, ok: boolean) => void): Store {
  let store = emptyStore();
  let now = T0;
  for (const step of steps) {
    const before = store;
    let ok = true;
    if (step.kind === 'snapshot') {
      now += step.wait;
      store = ingest(store, step.snapshot, now).store;
    } else if (step.kind === 'verify') {
      now += 1;
      const target = {
        origin: ORIGIN,
        account: ACCOUNT,
        contactId: step.person,
        key: identityKey(step.person, step.keyNumber),
        method: 'scanned',
      };
      const r = planMarkVerified(storeReader(store), target, now);
      ok = r.ok;
      if (r.ok) store = applyPlan(store, r);
    } else {
      now += 1;
      const open = collectAlerts(store).alerts.filter((a) => a.state === 'open');
      const alert = open[step.pick % Math.max(open.length, 1)];
      if (alert) {
        const r = planAcknowledge(storeReader(store), alert.id, now);
        ok = r.ok;
        if (r.ok) store = applyPlan(store, r);
      }
    }
    check(store, step, before, ok);
  }
  return store;
}

describe('ingest properties', () => {
  it('reading the same state twice raises nothing new and changes nothing but lastSeen', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 8 }),
        snapshotArb,
        fc.integer({ min: 0, max: 5 * LAST_SEEN_RESOLUTION_MS }),
        (history, s, wait) => {
          const store = run(history, () => {});
          const first = ingest(store, s, T0 + 10 ** 9);
          // Observations missed before a snapshot are events, not state: the same state is read again without them.
          const { unread: _, ...again } = s;
          const second = ingest(first.store, again, T0 + 10 ** 9 + wait);
          expect(second.plan.alerts).toEqual([]);
          expect(second.plan.deletes).toEqual([]);
          for (const [k, v] of Object.entries(second.plan.writes)) {
            expect(withoutLastSeen(v)).toEqual(withoutLastSeen(first.store[k]));
          }
          if (wait < LAST_SEEN_RESOLUTION_MS) expect(second.plan.writes).toEqual({});
        },
      ),
      { numRuns: 300 },
    );
  });

  it('each snapshot that missed observations counts one more occurrence of the one problem alert of its conversation', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 8 }), snapshotArb, fc.integer({ min: 1, max: 4 }), (history, s, times) => {
        let store = run(history, () => {});
        const missed: RosterSnapshot = { ...s, unread: { states: 7 } };
        const problems = () =>
          Object.values(store).filter(
            (r) => (r as AlertRecord).rule === 'snapshot-problem' && (r as AlertRecord).conversationId === s.conversation.id,
          ) as AlertRecord[];
        const before = problems().filter((a) => a.state === 'open')[0]?.occurrences ?? 0;
        for (let i = 0; i < times; i++) store = ingest(store, missed, T0 + 10 ** 9 + i).store;
        const open = problems().filter((a) => a.state === 'open');
        expect(open).toHaveLength(1);
        expect(open[0]!.occurrences).toBeGreaterThanOrEqual(before + times);
      }),
      { numRuns: 200 },
    );
  });

  it('never loses a key or device ever seen, every stored record stays valid, and each roster reads back as last seen', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 15 }), (steps) => {
        const seenKeys = new Map<string, Set<string>>();
        const seenDevices = new Map<string, Set<string>>();
        const lastRoster = new Map<string, string[]>();
        run(steps, (store, step) => {
          if (step.kind === 'snapshot') {
            lastRoster.set(
              step.snapshot.conversation.id,
              step.snapshot.participants.map((p) => p.id),
            );
            for (const p of step.snapshot.participants) {
              if (p.identityKey) (seenKeys.get(p.id) ?? seenKeys.set(p.id, new Set()).get(p.id)!).add(p.identityKey.key);
              for (const d of p.devices)
                (seenDevices.get(p.id) ?? seenDevices.set(p.id, new Set()).get(p.id)!).add(`${d.id} ${d.key?.key}`);
            }
          }
          for (const [id, keys] of seenKeys) {
            const stored = new Set(contact(store, id)!.keys.map((k) => k.key.key));
            for (const k of keys) expect(stored.has(k)).toBe(true);
          }
          for (const [id, devices] of seenDevices) {
            const stored = new Set(contact(store, id)!.devices.map((d) => `${d.id} ${d.key?.key}`));
            for (const d of devices) expect(stored.has(d)).toBe(true);
          }
          for (const [k, v] of Object.entries(store)) expect(validateRecordAt(k, v).status).not.toBe('corrupt');
          for (const [id, roster] of lastRoster) {
            const read = readConversation(recordsReader(store), conversationKey(ORIGIN, ACCOUNT, id));
            expect(read.status === 'ok' && read.problems).toEqual([]);
            if (read.status === 'ok') expect(read.value.roster.map((m) => m.id)).toEqual(roster);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('a contact is verified exactly when the user verified its current key and it has not changed since', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 20 }), (steps) => {
        const verifiedKey = new Map<string, string | null>();
        run(steps, (store, step, before, ok) => {
          if (step.kind === 'verify' && ok) verifiedKey.set(step.person, identityKey(step.person, step.keyNumber).key);
          if (step.kind === 'snapshot') {
            for (const p of step.snapshot.participants) {
              const was = contact(before, p.id)?.currentKey?.key;
              if (p.identityKey && was !== undefined && was !== p.identityKey.key) verifiedKey.set(p.id, null);
            }
          }
          for (const id of PEOPLE) {
            const c = contact(store, id);
            if (!c) continue;
            const expected = verifiedKey.get(id) ?? null;
            expect(c.trust === 'verified').toBe(expected !== null && expected === c.currentKey?.key);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses to verify any key but the current one', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 10 }), (steps) => {
        run(steps, (store, step, before, ok) => {
          if (step.kind !== 'verify') return;
          const current = contact(before, step.person)?.currentKey?.key;
          expect(ok).toBe(current !== undefined && current === identityKey(step.person, step.keyNumber).key);
        });
      }),
      { numRuns: 150 },
    );
  });
});
