import { describe, expect, it } from 'vitest';
import { ingest, person, snapshot, emptyStore, type Store } from '../testing/test-support';
import { PlanBuilder } from './plan-builder';
import { recordsReader } from './read-record';
import { ContactRecordSchema } from './record-schemas';
import { contactKey } from './storage-keys';

const T0 = 1_800_000_000_000;
const origin = 'https://courier.example';

function storeWithBob(): { store: Store; key: string } {
  const { store } = ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0);
  return { store, key: contactKey(origin, 'alice', 'bob') };
}

describe('plan builder reads', () => {
  it('reads a key once as read() does, remembering nothing for a sound record', () => {
    const { store, key } = storeWithBob();
    const builder = new PlanBuilder(recordsReader(store), T0);
    const once = builder.readOnce(key, ContactRecordSchema);
    expect(once).toEqual(new PlanBuilder(recordsReader(store), T0).read(key, ContactRecordSchema));
    expect(once?.contactId).toBe('bob');
    expect(builder.read(key, ContactRecordSchema)).toEqual(once);
    expect(builder.readOnce(contactKey(origin, 'alice', 'nobody'), ContactRecordSchema)).toBeNull();
    expect(builder.finish()).toEqual({ writes: {}, deletes: [], problems: [] });
  });

  it('sets a damaged record aside once, however it is read afterwards', () => {
    const { store, key } = storeWithBob();
    const damaged = { ...store, [key]: { ...(store[key] as object), trust: 'trusted-ish' } };
    const builder = new PlanBuilder(recordsReader(damaged), T0);
    expect(builder.readOnce(key, ContactRecordSchema)).toBeNull();
    expect(builder.read(key, ContactRecordSchema)).toBeNull();
    expect(builder.readOnce(key, ContactRecordSchema)).toBeNull();
    const plan = builder.finish();
    expect(builder.corrupt).toHaveLength(1);
    expect(plan.deletes).toEqual([key]);
    expect(Object.keys(plan.writes)).toHaveLength(1);
    expect(plan.problems).toEqual([{ key, reason: expect.stringContaining('trust') as string }]);
  });

  it('gives what read() remembered when the key was read before', () => {
    const { store, key } = storeWithBob();
    const builder = new PlanBuilder(recordsReader(store), T0);
    const first = builder.read(key, ContactRecordSchema);
    expect(builder.readOnce(key, ContactRecordSchema)).toBe(first);
  });
});
