// The usage records as derived records: kept in step with the indexes by the
// same writer, and, when a write finds them in doubt, the summary asks for the
// full check, which counts them again.
import { describe, expect, it } from 'vitest';
import { planIngest } from '../ingest/ingest';
import { planUsageRebuild, usageKey } from '../limits/usage';
import { applyPlan, emptyStore, ORIGIN, person, snapshot, storeReader, T0, type Store } from '../testing/test-support';
import { withDerivedUpdates } from './derived-records';
import type { SummaryRecord } from './index-schemas';
import { indexDifferences } from './indexes/open-alert-index';
import { planMigration } from './migrations/plan-migration';
import { SUMMARY_KEY, USAGE_TOTAL_KEY } from './storage-keys';

const HOUR = 3_600_000;

function ingested(store: Store, people: ReturnType<typeof person>[], now: number): Store {
  const plan = planIngest(snapshot(people), storeReader(store), now);
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(store, withDerivedUpdates(storeReader(store), plan));
}

const fullCheck = (store: Store, now: number) => {
  const plan = planMigration(store, now);
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(store, plan);
};

const rebuildAsked = (store: Store) => (store[SUMMARY_KEY] as SummaryRecord).rebuild;
const exact = (store: Store) => expect(planUsageRebuild(store)).toEqual({ writes: {}, deletes: [] });

describe('usage records kept by the single writer', () => {
  it('count every write exactly, with the indexes', () => {
    let store = ingested(emptyStore(), [person('alice', 1), person('bob', 2)], T0);
    store = ingested(store, [person('alice', 1), person('bob', 22), person('carol', 3)], T0 + HOUR);
    exact(store);
    expect(indexDifferences(store)).toEqual([]);
    expect(store[usageKey(ORIGIN)]).toMatchObject({ contacts: 3, conversations: 1 });
    expect(rebuildAsked(store)).toBe(false);
  });

  it.each([
    ['the usage total is missing', (s: Store) => void delete s[USAGE_TOTAL_KEY]],
    ['the usage total is damaged', (s: Store) => void (s[USAGE_TOTAL_KEY] = { chars: 'many' })],
    ["the origin's usage record is damaged", (s: Store) => void (s[usageKey(ORIGIN)] = { origin: ORIGIN, contacts: -1 })],
    [
      "the origin's usage record names another origin",
      (s: Store) => void (s[usageKey(ORIGIN)] = { ...(s[usageKey(ORIGIN)] as object), origin: 'x' }),
    ],
  ])('ask for the full check when %s, which counts them again', (_, damage) => {
    let store = ingested(emptyStore(), [person('alice', 1), person('bob', 2)], T0);
    damage(store);
    store = ingested(store, [person('alice', 1), person('bob', 2), person('dan', 4)], T0 + HOUR);
    expect(rebuildAsked(store)).toBe(true);
    const checked = fullCheck(store, T0 + 2 * HOUR);
    exact(checked);
    expect(rebuildAsked(checked)).toBe(false);
  });

  it('add nothing to a write that changes nothing', () => {
    const store = ingested(emptyStore(), [person('alice', 1), person('bob', 2)], T0);
    // The same roster a minute later writes nothing: no usage record, no summary.
    const plan = planIngest(snapshot([person('alice', 1), person('bob', 2)]), storeReader(store), T0 + 60_000);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.writes).toEqual({});
    expect(withDerivedUpdates(storeReader(store), plan)).toMatchObject({ writes: {}, deletes: [] });
  });
});
