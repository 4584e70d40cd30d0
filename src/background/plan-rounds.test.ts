import { describe, expect, it } from 'vitest';
import { planIngest, planMarkVerified, recordsReader, type StoreRead } from '../core/trust';
import {
  ACCOUNT,
  device,
  emptyStore,
  ingest,
  key,
  ORIGIN,
  person,
  phoneKeyNumber,
  snapshot,
  T0,
  type Store,
} from '../core/trust/testing/test-support';
import { MAX_PLAN_ROUNDS, runPlanRounds, type KnownRecords } from './plan-rounds';

/** A copy that starts empty and learns from `storage` only what is loaded into it, counting the loads. */
function lazyCopy(storage: Store) {
  const values = new Map<string, unknown>();
  const absent = new Set<string>();
  const loads: string[][] = [];
  const records: KnownRecords = { knows: (k) => values.has(k) || absent.has(k), get: (k) => values.get(k) };
  const load = async (keys: string[]) => {
    loads.push(keys);
    for (const k of keys) {
      if (Object.hasOwn(storage, k)) values.set(k, storage[k]);
      else absent.add(k);
    }
  };
  return { records, load, loads };
}

const alice = person('alice', 1);
const team = (...ids: string[]) => snapshot([alice, ...ids.map((id, i) => person(id, i + 2))]);

describe('running a plan against a copy that may not hold every record', () => {
  it('runs once over a copy that knows every key', async () => {
    const store = ingest(emptyStore(), team('bob'), T0).store;
    let runs = 0;
    const whole: KnownRecords = { knows: () => true, get: (k) => store[k] };
    const plan = await runPlanRounds(
      (read) => (runs++, planIngest(team('bob'), read, T0 + 1)),
      whole,
      async () => expect.fail('nothing to load'),
    );
    expect(runs).toBe(1);
    expect(plan).toMatchObject({ ok: true, writes: {} });
  });

  it('loads what the plan asked for and plans again, giving what a whole copy gives', async () => {
    const store = ingest(emptyStore(), team('bob', 'carol', 'dan'), T0).store;
    const next = team('bob', 'carol'); // Dan left: his contact and the alert about it are read only then
    const copy = lazyCopy(store);
    const plan = await runPlanRounds((read) => planIngest(next, read, T0 + 60_000), copy.records, copy.load);
    expect(plan).toEqual(planIngest(next, recordsReader(store), T0 + 60_000));
    expect(plan.ok && plan.alerts.map((a) => a.rule)).toEqual(['participant-removed']);
    // Rounds: what the snapshot names, then what those records name (chunks, alerts, who left). Nothing is loaded twice.
    expect(copy.loads.length).toBeGreaterThan(1);
    expect(copy.loads.length).toBeLessThan(MAX_PLAN_ROUNDS);
    const loaded = copy.loads.flat();
    expect(new Set(loaded).size).toBe(loaded.length);
  });

  it('counts a key known to be absent as known', async () => {
    const store = ingest(emptyStore(), team('bob'), T0).store;
    const copy = lazyCopy(store);
    const target = { origin: ORIGIN, account: ACCOUNT, contactId: 'bob', key: key(2), method: 'typed' };
    await runPlanRounds((read) => planMarkVerified(read, target, T0 + 1), copy.records, copy.load);
    const first = copy.loads.length;
    const again = await runPlanRounds((read) => planMarkVerified(read, target, T0 + 2), copy.records, copy.load);
    expect(again.ok).toBe(true);
    expect(copy.loads.length).toBe(first); // the alerts that are not there were not asked for again
  });

  it('keeps a run whose missing keys all prove absent: the next run would read the same', async () => {
    const copy = lazyCopy({ present: 1 });
    await copy.load(['present']);
    let runs = 0;
    const result = await runPlanRounds((read) => (runs++, [read('present'), read('nowhere')]), copy.records, copy.load);
    expect(result).toEqual([1, undefined]);
    expect(runs).toBe(1);
    expect(copy.loads).toEqual([['present'], ['nowhere']]);
    expect(copy.records.knows('nowhere')).toBe(true);
  });

  it('runs again when one of the missing keys proves present', async () => {
    const copy = lazyCopy({ present: 1 });
    let runs = 0;
    const result = await runPlanRounds((read) => (runs++, [read('nowhere'), read('present')]), copy.records, copy.load);
    expect(result).toEqual([undefined, 1]);
    expect(runs).toBe(2);
  });

  it("gives the whole copy's plan when the records a plan lacked are new (a new alert)", async () => {
    const before = snapshot([alice, person('bob', 2)]);
    const store = ingest(emptyStore(), before, T0).store;
    const changed = snapshot([
      alice,
      person('bob', 2, { devices: [device('bob-phone', phoneKeyNumber('bob')), device('bob-tablet', 77)] }),
    ]);
    const warm = lazyCopy(store);
    await runPlanRounds((read) => planIngest(before, read, T0 + 1), warm.records, warm.load);
    const plan = await runPlanRounds((read) => planIngest(changed, read, T0 + 2), warm.records, warm.load);
    expect(plan).toEqual(planIngest(changed, recordsReader(store), T0 + 2));
    expect(plan.ok && plan.alerts.length).toBeGreaterThan(0);
  });

  it('gives up with a clear error when a plan never stops asking for more', async () => {
    // Every key it asks for is there, so each run names one more.
    const copy = lazyCopy(Object.fromEntries(Array.from({ length: 2 * MAX_PLAN_ROUNDS }, (_, i) => [`key-${i}`, i])));
    let n = 0;
    const endless = (read: StoreRead) => read(`key-${n++}`);
    await expect(runPlanRounds(endless, copy.records, copy.load)).rejects.toThrow(
      `a plan still asked for 1 record(s) the store had not loaded after ${MAX_PLAN_ROUNDS} rounds; nothing was written`,
    );
    expect(copy.loads).toHaveLength(MAX_PLAN_ROUNDS - 1);
  });
});
