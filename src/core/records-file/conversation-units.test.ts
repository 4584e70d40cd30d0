import { describe, expect, it } from 'vitest';
import { conversationKey, planMarkVerified, type ConversationRecord } from '../trust';
import {
  ACCOUNT,
  applyPlan,
  device,
  ingest,
  key,
  MINUTE,
  ORIGIN,
  person,
  snapshot,
  storeReader,
  T0,
  emptyStore,
  type Store,
} from '../trust/testing/test-support';
import { buildRecordsFile, serializeRecordsFile } from './export';
import { parseRecordsFile } from './parse';
import { planImport } from './plan-import';
import { conversationUnits } from './conversation-units';
import { storeAfter, type Step } from './testing/test-stores';

const NOW = T0 + 10 ** 8;
const team = conversationKey(ORIGIN, ACCOUNT, 'team');
const step = (ids: string[], wait = 1): Step => ({ kind: 'snapshot', wait, snapshot: snapshot(ids.map((id, i) => person(id, i + 1))) });
const unitOf = (store: Store) => {
  const unit = [...conversationUnits(Object.keys(store)).values()].find((u) => u.conversationKey === team)!;
  return Object.fromEntries(unit.keys.map((k) => [k, store[k]]));
};
function importInto(mine: Store, theirs: Store): Store {
  const parsed = parseRecordsFile(serializeRecordsFile(buildRecordsFile(theirs, NOW).file), NOW);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const plan = planImport(storeReader(mine), parsed.file, {}, NOW);
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(mine, plan);
}

describe('conversation units', () => {
  it('groups a conversation with every record kept under it', () => {
    const store = storeAfter([step(['alice', 'bob'])]);
    const units = [...conversationUnits(Object.keys(store)).values()];
    expect(units).toHaveLength(1);
    expect(units[0]!.conversationKey).toBe(team);
    expect(units[0]!.keys).toContain(team);
  });

  it('takes the conversation seen last whole, keeping the first sighting', () => {
    const mine = storeAfter([step(['alice', 'bob'])], emptyStore(), T0);
    const theirs = storeAfter([step(['alice', 'bob', 'carol', 'dan'])], emptyStore(), T0 + 60_000);
    const after = importInto(mine, theirs);
    const expected = unitOf(theirs);
    expected[team] = { ...(expected[team] as object), firstSeen: (mine[team] as { firstSeen: number }).firstSeen };
    expect(unitOf(after)).toEqual(expected);
  });

  it('keeps ours when it was seen last, taking only an earlier first sighting', () => {
    const mine = storeAfter([step(['alice', 'bob'])], emptyStore(), T0 + 60_000);
    const theirs = storeAfter([step(['alice', 'bob', 'carol'])], emptyStore(), T0);
    const after = importInto(mine, theirs);
    expect(unitOf(after)).toEqual({
      ...unitOf(mine),
      [team]: { ...(mine[team] as object), firstSeen: (theirs[team] as { firstSeen: number }).firstSeen },
    });
  });

  it('keeps our degraded latch when the file saw the conversation later, all verified', () => {
    const bob = person('bob', 2);
    let base = ingest(emptyStore(), snapshot([person('alice', 1), bob]), T0).store;
    const verified = planMarkVerified(
      storeReader(base),
      { origin: ORIGIN, account: ACCOUNT, contactId: 'bob', key: key(2), method: 'scanned' },
      T0 + MINUTE,
    );
    if (!verified.ok) throw new Error(verified.reason);
    base = ingest(applyPlan(base, verified), snapshot([person('alice', 1), bob]), T0 + 20 * MINUTE).store;
    const theirs = ingest(base, snapshot([person('alice', 1), bob]), T0 + 180 * MINUTE).store;
    const bobWithLaptop = { ...bob, devices: [...bob.devices, device('bob-laptop', 77)] };
    const mine = ingest(base, snapshot([person('alice', 1), bobWithLaptop]), T0 + 60 * MINUTE).store;
    const conversation = (store: Store) => store[team] as ConversationRecord;
    expect([conversation(mine).level, conversation(theirs).level]).toEqual(['degraded', 'all-verified']);

    const after = conversation(importInto(mine, theirs));
    expect(after).toMatchObject({ level: 'degraded', levelSince: conversation(mine).levelSince, lastSeen: conversation(theirs).lastSeen });
  });
});
