import { describe, expect, it } from 'vitest';
import { badgeFor } from './badge';
import { alertsIn, collectAlerts } from './collect-alerts';
import { alertKey } from '../store/storage-keys';
import { emptyStore, ingest, MINUTE, person, snapshot, T0 } from '../testing/test-support';

describe('collecting alerts from the whole store', () => {
  it('returns them loudest first and reports damaged ones', () => {
    let store = ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2), person('carol', 3)]), T0).store;
    store = ingest(store, snapshot([person('alice', 1), person('bob', 9)]), T0 + MINUTE).store;
    store[alertKey('e'.repeat(32))] = { id: 'e'.repeat(32), rule: 'made-up' };
    const { alerts, problems } = collectAlerts(store);
    expect(alerts.map((a) => a.rule)).toEqual(['key-changed', 'participant-removed', 'first-seen', 'first-seen']);
    expect(problems).toEqual([{ key: alertKey('e'.repeat(32)), reason: expect.stringMatching(/rule: unknown alert rule/) }]);
    expect(badgeFor(alerts)).toMatchObject({ text: '1', severity: 'warning' });
  });

  it('picks the alerts out of a plan, to keep a copy in memory up to date', () => {
    const { plan } = ingest(emptyStore(), snapshot([person('alice', 1), person('bob', 2)]), T0);
    expect(
      alertsIn(plan.writes)
        .map((a) => a.contactId)
        .sort(),
    ).toEqual(['bob']);
    expect(alertsIn({})).toEqual([]);
  });
});
