// When the derived records cannot be trusted, KeyWatch notices and rebuilds
// them, never serving from them blindly: a summary missing or damaged stops
// the wake (the full check runs first); a write that meets a damaged index or
// replaces a damaged alert asks for a rebuild; a view that meets a damaged index
// or an entry whose alert is not open says so; and the full check rebuilds
// whatever was damaged or removed, whichever way.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planAcknowledge } from '../../actions/acknowledge';
import { collectAlerts } from '../../alerts/collect-alerts';
import { planIngest } from '../../ingest/ingest';
import { ACCOUNT, applyPlan, device, emptyStore, ORIGIN, person, snapshot, storeReader, T0, type Store } from '../../testing/test-support';
import { readConversation } from '../conversation-read';
import type { SummaryRecord } from '../index-schemas';
import { planMigration } from '../migrations/plan-migration';
import { recordsReader } from '../read-record';
import { alertKey, conversationKey, isIndexKey, openAlertsKey, SCHEMA_KEY, SUMMARY_KEY, USAGE_TOTAL_KEY } from '../storage-keys';
import { withIndexUpdates } from './index-updates';
import { indexDifferences } from './open-alert-index';
import { openAlertEntriesOf, readOpenAlerts } from './open-alerts-read';
import { FULL_CHECK_INTERVAL_MS, wakeState } from './wake-state';

const HOUR = 3_600_000;

function written(store: Store, plan: ReturnType<typeof planIngest> | ReturnType<typeof planAcknowledge>): Store {
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(store, withIndexUpdates(storeReader(store), plan));
}

/** A store where Bob's key changed (a critical alert) after first sight of Alice, Bob and Carol. */
function storeWithAlerts(): Store {
  let store = written(
    emptyStore(),
    planIngest(snapshot([person('alice', 1), person('bob', 2), person('carol', 3)]), storeReader(emptyStore()), T0),
  );
  store = written(store, planIngest(snapshot([person('alice', 1), person('bob', 22), person('carol', 3)]), storeReader(store), T0 + HOUR));
  return store;
}

const summaryOf = (store: Store) => store[SUMMARY_KEY] as SummaryRecord;
const bobIndex = openAlertsKey('contact', ORIGIN, ACCOUNT, 'bob');
const fullCheck = (store: Store, now = T0 + 2 * HOUR) => {
  const plan = planMigration(store, now);
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(store, plan);
};

describe('waking up', () => {
  it('serves at once from a sound summary, and says when the daily check is due', () => {
    const store = fullCheck(storeWithAlerts(), T0);
    expect(wakeState(storeReader(store), T0 + HOUR)).toMatchObject({ status: 'ready', checkDue: false, summary: summaryOf(store) });
    expect(wakeState(storeReader(store), T0 + FULL_CHECK_INTERVAL_MS)).toMatchObject({ status: 'ready', checkDue: true });
  });

  it.each([
    ['a missing summary', (s: Store) => void delete s[SUMMARY_KEY], /badge summary absent/],
    ['a damaged summary', (s: Store) => void (s[SUMMARY_KEY] = { open: { critical: -1 } }), /badge summary corrupt/],
    ['a summary asking for a rebuild', (s: Store) => void (s[SUMMARY_KEY] = { ...summaryOf(s), rebuild: true }), /in doubt/],
    ['an older store', (s: Store) => void (s[SCHEMA_KEY] = { version: 3 }), /schema version 3/],
    ['no usage total (usage never counted)', (s: Store) => void delete s[USAGE_TOTAL_KEY], /usage total absent/],
    ['a damaged usage total', (s: Store) => void (s[USAGE_TOTAL_KEY] = { chars: -5 }), /usage total corrupt/],
  ])('runs the full check first on %s', (_, damage, reason) => {
    const store = storeWithAlerts();
    damage(store);
    expect(wakeState(storeReader(store), T0)).toEqual({ status: 'check-first', reason: expect.stringMatching(reason) });
  });

  it('leaves a store from a newer version alone, without reading it', () => {
    const asked: string[] = [];
    expect(wakeState(storeReader({ [SCHEMA_KEY]: { version: 99 } }, asked), T0).status).toBe('newer');
    expect(asked).toEqual([SCHEMA_KEY]);
  });
});

describe('a write that meets damage asks for a rebuild', () => {
  it('when an index it must change is damaged', () => {
    const store = storeWithAlerts();
    store[bobIndex] = { subject: 'contact', open: 'garbage' };
    const bobChanged = collectAlerts(store).alerts.find((a) => a.rule === 'key-changed')!;
    const after = written(store, planAcknowledge(storeReader(store), bobChanged.id, T0 + 2 * HOUR));
    expect(summaryOf(after).rebuild).toBe(true);
    expect(indexDifferences(fullCheck(after))).toEqual([]);
  });

  it('when it replaces a damaged alert record (the index may have counted it)', () => {
    // Dan's device is unsigned and encrypted to: the same ghost-device alert is found at every snapshot.
    const ghost = snapshot([person('alice', 1), person('dan', 4, { devices: [device('dan-ghost', 9, { vouch: 'unsigned' })] })]);
    let store = written(emptyStore(), planIngest(ghost, storeReader(emptyStore()), T0));
    const alert = collectAlerts(store).alerts.find((a) => a.rule === 'ghost-device')!;
    store = { ...store, [alertKey(alert.id)]: { ...alert, occurrences: 0 } };
    const after = written(store, planIngest(ghost, storeReader(store), T0 + HOUR));
    expect(summaryOf(after).rebuild).toBe(true);
    expect(indexDifferences(fullCheck(after))).toEqual([]);
  });

  it('when the summary is missing', () => {
    const store = storeWithAlerts();
    delete store[SUMMARY_KEY];
    const after = written(store, planIngest(snapshot([person('alice', 1), person('dan', 4)]), storeReader(store), T0 + 2 * HOUR));
    expect(summaryOf(after).rebuild).toBe(true);
  });
});

describe('a view that meets damage says so', () => {
  const team = (store: Store) => {
    const read = readConversation(recordsReader(store), conversationKey(ORIGIN, ACCOUNT, 'team'));
    if (read.status !== 'ok') throw new Error('no team');
    return read.value;
  };

  it('names a damaged index', () => {
    const store = storeWithAlerts();
    store[bobIndex] = 'garbage';
    expect(openAlertEntriesOf(recordsReader(store), team(store)).damaged).toEqual([bobIndex]);
  });

  it('names an entry whose alert is gone or closed', () => {
    const store = storeWithAlerts();
    const listed = openAlertEntriesOf(recordsReader(store), team(store));
    const gone = listed.entries[0]!.id;
    delete store[alertKey(gone)];
    expect(readOpenAlerts(recordsReader(store), listed.entries).stale).toEqual([gone]);
  });
});

describe('the full check', () => {
  it('rebuilds the derived records whatever happened to them', () => {
    const base = storeWithAlerts();
    const derived = Object.keys(base).filter(isIndexKey);
    fc.assert(
      fc.property(fc.subarray(derived, { minLength: 1 }), fc.constantFrom('delete', 'damage', 'empty'), (keys, how) => {
        const store = { ...base };
        for (const key of keys) {
          if (how === 'delete') delete store[key];
          else store[key] = how === 'damage' ? { open: 42 } : { ...(store[key] as object), open: [] };
        }
        expect(indexDifferences(store)).not.toEqual([]);
        expect(indexDifferences(fullCheck(store))).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});
