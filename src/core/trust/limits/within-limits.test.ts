import { describe, expect, it } from 'vitest';
import { planAcknowledge } from '../actions/acknowledge';
import { planIngest, type IngestPlan } from '../ingest/ingest';
import type { AlertRecord, QuarantineRecord } from '../store/record-schemas';
import { ALERT_PREFIX, alertKey, conversationKey, QUARANTINE_PREFIX } from '../store/storage-keys';
import { openAlertEntriesOf } from '../store/indexes/open-alerts-read';
import { englishText } from '../testing/english';
import {
  applyPlan,
  conversationIn,
  emptyStore,
  ORIGIN,
  person,
  recordsWithPrefix,
  snapshot,
  storeReader,
  T0,
  type Store,
} from '../testing/test-support';
import type { StoreLimits } from './store-limits';
import { planUsageRebuild, usageKey, usageOf, withUsage, USAGE_TOTAL_KEY } from './usage';
import { isLimitRefusal, withinLimits, type LimitRefusal } from './within-limits';
import type { RosterSnapshot } from '../../roster';

const ROOMY: StoreLimits = { contacts: 1000, conversations: 1000, alerts: 1000, chars: 10_000_000, totalChars: 10_000_000 };

function take(
  store: Store,
  s: RosterSnapshot,
  now: number,
  limits: StoreLimits = ROOMY,
): { store: Store; result: IngestPlan | LimitRefusal } {
  const read = storeReader(store);
  const plan = planIngest(s, read, now);
  if (!plan.ok) throw new Error(plan.reason);
  const result = withinLimits(read, s.messenger, plan, now, limits);
  return { store: applyPlan(store, result.ok ? result : result.limited), result };
}

/** A new store, counted as the start-up check counts it. */
const counted = (): Store => applyPlan(emptyStore(), planUsageRebuild(emptyStore()));
const usageRecords = (store: Store) => Object.fromEntries(Object.entries(store).filter(([k]) => k.startsWith('v3/usage')));
const limitAlerts = (store: Store) => recordsWithPrefix<AlertRecord>(store, ALERT_PREFIX).filter((a) => a.rule === 'storage-limit');
const team = (n: number, conversation = 'team') =>
  snapshot(
    Array.from({ length: n }, (_, i) => person(i === 0 ? 'alice' : `p${i}`, i + 1)),
    { conversation: { id: conversation, title: conversation, kind: 'group' } },
  );

describe('usage records', () => {
  it('are kept by each plan exactly as a full count finds them', () => {
    let store = counted();
    store = take(store, team(5), T0).store;
    store = take(store, team(8), T0 + 1000).store;
    store = take(store, team(3, 'other'), T0 + 2000).store;
    expect(usageRecords(store)).toEqual(usageOf(store));
    expect(store[usageKey(ORIGIN)]).toMatchObject({ contacts: 8, conversations: 2 });
    // An acknowledgement changes a record's size: counted too.
    const first = recordsWithPrefix<AlertRecord>(store, ALERT_PREFIX)[0]!;
    const ack = planAcknowledge(storeReader(store), first.id, T0 + 3000);
    if (!ack.ok) throw new Error(ack.reason);
    store = applyPlan(store, withUsage(storeReader(store), ack));
    expect(usageRecords(store)).toEqual(usageOf(store));
  });
});

describe('limits of the store', () => {
  const limits: StoreLimits = { ...ROOMY, contacts: 6 };

  it('never refuse the user: an acknowledgement at the total is taken, and what it adds is counted past the bound', () => {
    let store = take(counted(), team(5), T0).store;
    const total = (store[USAGE_TOTAL_KEY] as { chars: number }).chars;
    // The store is exactly at its total: any snapshot that adds a character is refused from now on.
    const full: StoreLimits = { ...ROOMY, totalChars: total };
    expect(isLimitRefusal(take(store, team(6), T0 + 1000, full).result)).toBe(true);
    const first = recordsWithPrefix<AlertRecord>(store, ALERT_PREFIX).find((a) => a.rule !== 'storage-limit')!;
    const ack = planAcknowledge(storeReader(store), first.id, T0 + 2000);
    if (!ack.ok) throw new Error(ack.reason);
    store = applyPlan(store, withUsage(storeReader(store), ack));
    expect((store[USAGE_TOTAL_KEY] as { chars: number }).chars).toBeGreaterThan(total);
    expect(usageRecords(store)).toEqual(usageOf(store));
  });

  it('refuse a snapshot that would take its origin past a limit: one alert in its place, counting every refusal', () => {
    let store = take(counted(), team(5), T0, limits).store;
    const before = { ...store };
    const over = take(store, team(8), T0 + 1000, limits);
    expect(isLimitRefusal(over.result)).toBe(true);
    expect((over.result as LimitRefusal).reason).toBe(`not stored: the records of ${ORIGIN} reached their limit of 6 contacts`);
    // Nothing of the snapshot is stored: only the limit alert, and its usage.
    const written = Object.keys(over.store).filter((k) => over.store[k] !== before[k]);
    expect(written.every((k) => k.startsWith(ALERT_PREFIX) || k.startsWith('v3/usage'))).toBe(true);
    const [alert] = limitAlerts(over.store);
    expect(alert).toMatchObject({ severity: 'critical', origin: ORIGIN, account: '', state: 'open', occurrences: 1, detail: 'contacts' });
    expect(englishText(alert!).summary).toBe(
      `KeyWatch stopped taking in what ${ORIGIN} shows: it already remembers 20000 contacts there, its limit. New people, keys and devices from this site are not checked. Times a page was refused: 1.`,
    );
    store = take(over.store, team(9), T0 + 2000, limits).store;
    expect(limitAlerts(store)).toEqual([expect.objectContaining({ id: alert!.id, occurrences: 2 })]);
    expect(usageRecords(store)).toEqual(usageOf(store));
    // Every conversation of the site lists it among its open alerts (popup and banner), though no index names it.
    const team5 = conversationIn(store, conversationKey(ORIGIN, 'alice', 'team'));
    expect(openAlertEntriesOf(storeReader(store), team5).entries.map((e) => e.id)).toContain(alert!.id);
  });

  it('let through what adds nothing where the limit is reached: the roster read again, a change of a known contact', () => {
    let store = take(counted(), team(6), T0, limits).store;
    expect(take(store, team(6), T0 + 1000, limits).result.ok).toBe(true);
    const changed = team(6);
    changed.participants[2] = person('p2', 99);
    const result = take(store, changed, T0 + 2000, limits);
    expect(result.result.ok).toBe(true);
    store = result.store;
    expect(recordsWithPrefix<AlertRecord>(store, ALERT_PREFIX).some((a) => a.rule === 'key-changed')).toBe(true);
  });

  it('refuse past the total of every site with one alert for every site, whatever the origin', () => {
    const total: StoreLimits = { ...ROOMY, totalChars: 15_000 };
    let store = take(counted(), team(4), T0, total).store;
    for (const [i, origin] of ['https://a.example', 'https://b.example', 'https://c.example'].entries()) {
      store = take(store, { ...team(6), messenger: origin }, T0 + 1000 * (i + 1), total).store;
    }
    const alerts = limitAlerts(store);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ origin: '', account: '', detail: 'totalChars' });
    expect(englishText(alerts[0]!).summary).toMatch(/^KeyWatch stopped taking in what every site shows/);
    expect((store[USAGE_TOTAL_KEY] as { chars: number }).chars).toBeLessThanOrEqual(15_000 + 2_000);
    const team4 = conversationIn(store, conversationKey(ORIGIN, 'alice', 'team'));
    expect(openAlertEntriesOf(storeReader(store), team4).entries.map((e) => e.id)).toContain(alerts[0]!.id);
  });

  it('set aside a damaged limit alert they would write over: a quarantine copy and a record-corrupt alert in the same set', () => {
    let store = take(take(counted(), team(6), T0, limits).store, team(7), T0 + 1000, limits).store;
    const [alert] = limitAlerts(store);
    const damaged = { ...alert!, occurrences: 0 };
    store = { ...store, [alertKey(alert!.id)]: damaged };
    const over = take(store, team(7), T0 + 2000, limits);
    const refusal = over.result as LimitRefusal;
    expect(isLimitRefusal(refusal)).toBe(true);
    expect(over.store[alertKey(alert!.id)]).toMatchObject({ rule: 'storage-limit', state: 'open', occurrences: 1 });
    const copies = recordsWithPrefix<QuarantineRecord>(over.store, QUARANTINE_PREFIX);
    expect(copies).toMatchObject([{ originalKey: alertKey(alert!.id), value: damaged }]);
    const reported = recordsWithPrefix<AlertRecord>(over.store, ALERT_PREFIX).filter((a) => a.rule === 'record-corrupt');
    expect(reported).toMatchObject([
      {
        state: 'open',
        recordKey: alertKey(alert!.id),
        quarantineKey: Object.keys(over.store).find((k) => k.startsWith(QUARANTINE_PREFIX)),
      },
    ]);
    expect(refusal.limited.alerts.map((a) => a.rule).sort()).toEqual(['record-corrupt', 'storage-limit']);
    expect(usageRecords(over.store)).toEqual(usageOf(over.store));
  });

  it('reopen the limit alert when acknowledged and refused again', () => {
    let store = take(take(counted(), team(6), T0, limits).store, team(7), T0 + 1000, limits).store;
    const [alert] = limitAlerts(store);
    const ack = planAcknowledge(storeReader(store), alert!.id, T0 + 2000);
    if (!ack.ok) throw new Error(ack.reason);
    store = take(applyPlan(store, ack), team(7), T0 + 3000, limits).store;
    expect(limitAlerts(store)).toEqual([expect.objectContaining({ state: 'open', occurrences: 2 })]);
  });
});
