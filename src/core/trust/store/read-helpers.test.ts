import { describe, expect, it } from 'vitest';
import { planAcknowledge } from '../actions/acknowledge';
import { planIngest } from '../ingest/ingest';
import { ingestWith, readForAcknowledge, readForIngest } from './read-helpers';
import { emptyStore, getFrom, ingest, MINUTE, person, snapshot, T0, type Store } from '../testing/test-support';

function counting(store: Store) {
  const calls: string[][] = [];
  return { calls, get: async (keys: string[]) => (calls.push(keys), getFrom(store, keys)) };
}

describe('two-phase reads', () => {
  it('reads an ingest in at most three calls, each only for what the others did not cover', async () => {
    const store = ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2), person('carol', 3)]), T0).store;
    const s = snapshot([person('alice', 1), person('bob', 2)]);
    const { calls, get } = counting(store);
    const records = await readForIngest(s, get, T0 + MINUTE);
    expect(calls).toHaveLength(3);
    expect(calls[1]).toEqual(['v2/roster/https://courier.example|alice|team/0']);
    for (const later of [calls[1]!, calls[2]!]) expect(later.some((k) => calls[0]!.includes(k) && Object.hasOwn(store, k))).toBe(false);
    const plan = planIngest(s, records, T0 + MINUTE);
    expect(plan.ok && plan.alerts.map((a) => a.rule)).toEqual(['participant-removed']);
  });

  it('plans an ingest with one analysis and three reads, as planIngest does with every phase', async () => {
    const store = ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2), person('carol', 3)]), T0).store;
    const s = snapshot([person('alice', 1), person('bob', 7)]);
    const { calls, get } = counting(store);
    const viaHelper = await ingestWith(s, get, T0 + MINUTE);
    expect(calls).toHaveLength(3);
    expect(viaHelper).toEqual(planIngest(s, await readForIngest(s, async (k) => getFrom(store, k), T0 + MINUTE), T0 + MINUTE));
    expect(viaHelper.ok && viaHelper.alerts.map((a) => a.rule).sort()).toEqual(['key-changed', 'participant-removed']);
    const refused = await ingestWith({ junk: true }, get, T0);
    expect(refused).toMatchObject({ ok: false, reason: /snapshot refused/ });
    const first = counting(emptyStore());
    await ingestWith(s, first.get, T0);
    expect(first.calls).toHaveLength(2); // no conversation stored yet: no chunks to read
  });

  it('reads an acknowledgement with the contact it accepts', async () => {
    const first = ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0);
    const id = first.plan.alerts[1]!.id;
    const { calls, get } = counting(first.store);
    const records = await readForAcknowledge(id, get);
    expect(calls).toHaveLength(2);
    expect(planAcknowledge(records, id, T0)).toMatchObject({ ok: true, outcome: /accepted/ });
    const none = counting(first.store);
    expect(await readForAcknowledge('bad', none.get)).toEqual({});
    expect(none.calls).toEqual([]);
  });
});
