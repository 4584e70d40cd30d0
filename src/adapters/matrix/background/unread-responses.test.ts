// Fault: one acknowledgement silenced every later unreadable response. Each
// response the page received and KeyWatch could not read is one more
// occurrence of the conversation's problem alert: acknowledged, it reopens at
// the next one, and repeated ones count in that one alert, however many.

import { describe, expect, it } from 'vitest';
import { ALERT_PREFIX, planAcknowledge, type AlertRecord } from '../../../core/trust';
import { applyPlan, emptyStore, ingest, recordsWithPrefix, storeReader, T0, type Store } from '../../../core/trust/testing/test-support';
import type { RosterSnapshot } from '../../../core/roster';
import { parseMembersResponse } from './members';
import { applyListing, usersOfKeysQuery } from './observed-state';
import { verifyObservedUsers } from './remembered-keys';
import { buildRoomSnapshot, type RoomSnapshotInput } from './room-snapshot';
import { membersBody } from '../testing/client-responses';
import { responseOf, testUser } from '../testing/keys-query-builder';

const ORIGIN = 'https://app.element.io';
const ROOM = '!team:example.org';
const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';
const alice = testUser(ALICE, ['ALICEWEB']);
const bob = testUser(BOB, ['BOBPHONE']);

function snapshotOf(extra: Partial<RoomSnapshotInput> = {}): RosterSnapshot {
  const room = {
    ...applyListing(null, parseMembersResponse(membersBody(ROOM, [{ userId: ALICE }, { userId: BOB }]), ROOM), true),
    ingested: true,
  };
  const result = buildRoomSnapshot({
    origin: ORIGIN,
    account: ALICE,
    roomId: ROOM,
    room,
    keys: verifyObservedUsers(usersOfKeysQuery(responseOf(alice, bob)).users, 0),
    skipped: 0,
    ...extra,
  });
  if (result.status !== 'snapshot') throw new Error(result.reason);
  return result.snapshot;
}

const problemAlerts = (store: Store) => recordsWithPrefix<AlertRecord>(store, ALERT_PREFIX).filter((a) => a.rule === 'snapshot-problem');

describe('responses the page received but KeyWatch did not read', () => {
  it('reopen the acknowledged problem alert at each new occurrence', () => {
    let store = ingest(emptyStore(), snapshotOf(), T0).store;
    store = ingest(store, snapshotOf({ skipped: 1 }), T0 + 1000).store;
    const [first] = problemAlerts(store);
    expect(first).toMatchObject({ state: 'open', occurrences: 1 });
    const acknowledged = planAcknowledge(storeReader(store), first!.id, T0 + 2000);
    if (!acknowledged.ok) throw new Error(acknowledged.reason);
    store = applyPlan(store, acknowledged);

    // The next padded response (which could have carried a ghost device) is as unreadable as the first.
    const again = ingest(store, snapshotOf({ skipped: 1 }), T0 + 3000);
    expect(problemAlerts(again.store)).toEqual([expect.objectContaining({ id: first!.id, state: 'open', occurrences: 2 })]);
    expect(again.plan.alerts.map((a) => a.rule)).toContain('snapshot-problem');
  });

  it('are counted in one alert per conversation while it is open, not one alert per count', () => {
    let store = ingest(emptyStore(), snapshotOf(), T0).store;
    for (let i = 1; i <= 30; i++) store = ingest(store, snapshotOf({ skipped: i }), T0 + i * 1000).store;
    expect(problemAlerts(store)).toEqual([expect.objectContaining({ state: 'open', occurrences: 30 })]);
  });

  it('raise nothing when every response was read', () => {
    let store = ingest(emptyStore(), snapshotOf(), T0).store;
    store = ingest(store, snapshotOf(), T0 + 1000).store;
    expect(problemAlerts(store)).toEqual([]);
  });
});
