import { describe, expect, it } from 'vitest';
import { planAcknowledge } from '../actions/acknowledge';
import type { AlertRecord } from '../store/record-schemas';
import { ALERT_PREFIX, alertKey, conversationKey } from '../store/storage-keys';
import { englishText } from '../testing/english';
import {
  ACCOUNT,
  applyPlan,
  emptyStore,
  ingest,
  ORIGIN,
  person,
  recordsWithPrefix,
  snapshot,
  storeReader,
  T0,
  type Store,
} from '../testing/test-support';
import { planRefusedReport } from './refused-report';

const TEAM = conversationKey(ORIGIN, ACCOUNT, 'team');
const problems = (store: Store) => recordsWithPrefix<AlertRecord>(store, ALERT_PREFIX).filter((a) => a.rule === 'snapshot-problem');

function refuse(store: Store, now: number, reason = 'participants.1.devices.0.signature: not canonical base64'): Store {
  const plan = planRefusedReport(storeReader(store), TEAM, reason, now);
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(store, plan);
}

describe('a refused report of a conversation', () => {
  const seen = () => ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0).store;

  it("is an occurrence of the conversation's problem alert, counted while it is open and reopened once acknowledged", () => {
    let store = refuse(seen(), T0 + 1000);
    const [alert] = problems(store);
    expect(alert).toMatchObject({ state: 'open', occurrences: 1, conversationId: 'team', severity: 'warning' });
    expect(englishText(alert!).summary).toMatch(/a report from the page was not taken.*not canonical base64/s);
    store = refuse(store, T0 + 2000);
    expect(problems(store)).toEqual([expect.objectContaining({ id: alert!.id, occurrences: 2, state: 'open' })]);
    const acknowledged = planAcknowledge(storeReader(store), alert!.id, T0 + 3000);
    if (!acknowledged.ok) throw new Error(acknowledged.reason);
    store = refuse(applyPlan(store, acknowledged), T0 + 4000);
    expect(problems(store)).toEqual([expect.objectContaining({ id: alert!.id, occurrences: 3, state: 'open' })]);
  });

  it('shares its alert with the problems and missed observations of the snapshots of the same conversation', () => {
    const store = refuse(
      ingest(seen(), snapshot([person('alice', 1), person('bob', 2)], { unread: { states: 4 } }), T0 + 500).store,
      T0 + 1000,
    );
    expect(problems(store)).toEqual([expect.objectContaining({ occurrences: 2 })]);
  });

  it('writes nothing for a conversation not stored, nor over a damaged alert (the next ingest sets it aside)', () => {
    const none = planRefusedReport(storeReader(emptyStore()), TEAM, 'why', T0);
    expect(none).toEqual({ ok: true, writes: {}, alerts: [] });
    const store = refuse(seen(), T0 + 1000);
    const id = problems(store)[0]!.id;
    const damaged = { ...store, [alertKey(id)]: { rubbish: true } };
    expect(planRefusedReport(storeReader(damaged), TEAM, 'why', T0 + 2000)).toEqual({ ok: true, writes: {}, alerts: [] });
  });

  it('is refused on a store that is not at the current version', () => {
    expect(planRefusedReport(storeReader({}), TEAM, 'why', T0)).toMatchObject({ ok: false });
  });
});
