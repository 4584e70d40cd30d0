// Stores for the records-file tests, made the way the background makes them:
// random snapshots ingested, some keys marked verified, some alerts acknowledged.
// Test-only: nothing in the extension imports this file.

import fc from 'fast-check';
import { collectAlerts, planAcknowledge, planMarkVerified } from '../../trust';
import { PEOPLE, identityKey, snapshotArb } from '../../trust/testing/arbitraries';
import { ACCOUNT, applyPlan, emptyStore, ingest, ORIGIN, storeReader, T0, type Store } from '../../trust/testing/test-support';
import type { RosterSnapshot } from '../../roster';

export type Step =
  | { kind: 'snapshot'; snapshot: RosterSnapshot; wait: number }
  | { kind: 'verify'; person: string; keyNumber: number; method: 'scanned' | 'typed' | 'read-aloud' }
  | { kind: 'acknowledge'; pick: number };

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('snapshot' as const), snapshot: snapshotArb, wait: fc.integer({ min: 1, max: 30 * 60_000 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('verify' as const),
      person: fc.constantFrom(...PEOPLE),
      keyNumber: fc.integer({ min: 1, max: 3 }),
      method: fc.constantFrom('scanned' as const, 'typed' as const, 'read-aloud' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('acknowledge' as const), pick: fc.nat() }) },
);

/** Applies the steps to `start` from time `from`; refused user actions are skipped, as in the extension. */
export function storeAfter(steps: readonly Step[], start: Store = emptyStore(), from = T0): Store {
  let store = start;
  let now = from;
  for (const step of steps) {
    if (step.kind === 'snapshot') {
      now += step.wait;
      store = ingest(store, step.snapshot, now).store;
      continue;
    }
    now += 1000;
    if (step.kind === 'verify') {
      const target = {
        origin: ORIGIN,
        account: ACCOUNT,
        contactId: step.person,
        key: identityKey(step.person, step.keyNumber),
        method: step.method,
      };
      const r = planMarkVerified(storeReader(store), target, now);
      if (r.ok) store = applyPlan(store, r);
    } else {
      const open = collectAlerts(store).alerts.filter((a) => a.state === 'open');
      const alert = open[step.pick % Math.max(open.length, 1)];
      if (!alert) continue;
      const r = planAcknowledge(storeReader(store), alert.id, now);
      if (r.ok) store = applyPlan(store, r);
    }
  }
  return store;
}

export const storeArb = fc.array(stepArb, { maxLength: 10 }).map((steps) => storeAfter(steps));
