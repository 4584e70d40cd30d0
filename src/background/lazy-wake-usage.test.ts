// A woken background holds nothing of the store and loads, plan by plan, what
// each plan reads (StoreCopy, runPlanRounds). The usage records it checks the
// limits against are no longer counted afresh at every worker start, so they
// must stay exact through lazy reads alone: a store after its full check, a
// worker woken with an empty copy, snapshots ingested as ingest.ts does (read
// ahead, then the plan within the limits with the derived records), an
// acknowledgement, the worker stopped and woken again in between. Storage here
// is a plain object; the copy and the plan rounds are the background's own.
import { describe, expect, it } from 'vitest';
import {
  conversationKey,
  indexDifferences,
  planAcknowledge,
  planIngest,
  planMigration,
  planUsageRebuild,
  readAheadOfIngest,
  withDerivedUpdates,
  withinLimitsInStep,
  collectAlerts,
  type StoreRead,
} from '../core/trust';
import type { RosterSnapshot } from '../core/roster';
import { ACCOUNT, ORIGIN, person, snapshot, T0 } from '../core/trust/testing/test-support';
import { runPlanRounds } from './plan-rounds';
import { StoreCopy } from './store-copy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** storage.local as a plain object, and a worker over it whose copy starts empty at every wake. */
function worker(storage: Record<string, unknown>) {
  const loaded = new Set<string>();
  let copy: StoreCopy;
  const wake = () => {
    copy = new StoreCopy(async (keys) => {
      for (const key of keys) loaded.add(key);
      return Object.fromEntries(keys.filter((k) => Object.hasOwn(storage, k)).map((k) => [k, clone(storage[k])]));
    });
  };
  wake();
  const plan = <T>(run: (read: StoreRead) => T) => runPlanRounds(run, copy, (keys) => copy.load(keys));
  const apply = (changes: { writes: Record<string, unknown>; deletes?: readonly string[] }) => {
    const deletes = (changes.deletes ?? []).filter((key) => !Object.hasOwn(changes.writes, key));
    Object.assign(storage, clone(changes.writes));
    for (const key of deletes) delete storage[key];
    copy.apply(changes.writes, deletes);
  };
  return {
    loaded,
    wake,
    async ingest(s: RosterSnapshot, now: number) {
      await plan((read) => readAheadOfIngest(read, s));
      const result = await plan((read) => {
        const planned = planIngest(s, read, now);
        return planned.ok ? withinLimitsInStep(read, s.messenger, planned, now) : planned;
      });
      if (!result.ok) throw new Error(result.reason);
      apply(result);
    },
    async acknowledge(alertId: string, now: number) {
      const result = await plan((read) => {
        const planned = planAcknowledge(read, alertId, now);
        return planned.ok ? withDerivedUpdates(read, planned) : planned;
      });
      if (!result.ok) throw new Error(result.reason);
      apply(result);
    },
  };
}

const team = (n: number) => Array.from({ length: n }, (_, i) => person(`member${i}`, 100 + i));
const other = snapshot([person('alice', 1), person('zoe', 900), person('yann', 901)], {
  conversation: { id: 'other', title: 'Other', kind: 'group' },
});

describe('usage after a lazy wake', () => {
  it('stays exact through ingests and an acknowledgement, reading only what they touch', async () => {
    // A store as the full check leaves it: two conversations, usage counted from a full read.
    const storage: Record<string, unknown> = {};
    const setup = worker(storage);
    const first = planMigration({}, T0);
    if (!first.ok) throw new Error(first.reason);
    Object.assign(storage, first.writes);
    await setup.ingest(snapshot([person('alice', 1), ...team(40)]), T0);
    await setup.ingest(other, T0 + MINUTE);
    const checked = planMigration(clone(storage), T0 + 2 * MINUTE);
    if (!checked.ok) throw new Error(checked.reason);
    Object.assign(storage, checked.writes);
    expect(planUsageRebuild(storage)).toEqual({ writes: {}, deletes: [] });

    // Woken: nothing in memory. A new device, a new person, a changed key, someone leaving.
    const w = worker(storage);
    const people = team(40);
    people[3] = person('member3', 103, {
      devices: [...people[3]!.devices, { id: 'laptop', key: person('x', 555).identityKey!, vouch: 'signed', encryptedTo: true }],
    });
    await w.ingest(snapshot([person('alice', 1), ...people, person('newcomer', 700)]), T0 + HOUR);
    w.wake();
    people[7] = person('member7', 7007);
    await w.ingest(snapshot([person('alice', 1), ...people.slice(0, 30), person('newcomer', 700)]), T0 + 2 * HOUR);
    w.wake();
    const changed = collectAlerts(storage).alerts.find((a) => a.rule === 'key-changed' && a.state === 'open');
    expect(changed).toBeDefined();
    await w.acknowledge(changed!.id, T0 + 3 * HOUR);
    await w.ingest(snapshot([person('alice', 1), ...people.slice(0, 30), person('newcomer', 700), person('late', 701)]), T0 + 4 * HOUR);

    expect(planUsageRebuild(storage)).toEqual({ writes: {}, deletes: [] });
    expect(indexDifferences(storage)).toEqual([]);
    // Lazily: the other conversation and its people were never read.
    const otherKey = conversationKey(ORIGIN, ACCOUNT, 'other');
    expect([...w.loaded].filter((key) => key === otherKey || key.includes('zoe') || key.includes('yann'))).toEqual([]);
  });
});
