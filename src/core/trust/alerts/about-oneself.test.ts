import { describe, expect, it } from 'vitest';
import v2Store from '../testing/fixtures/store-v2.json';
import { planMigration } from '../store/migrations/plan-migration';
import type { AlertRecord } from '../store/record-schemas';
import { ALERT_PREFIX } from '../store/storage-keys';
import { applyPlan, ingest, MINUTE, person, snapshot, T0, type Store } from '../testing/test-support';
import { isAboutOneself, isFirstSightOfOneself } from './about-oneself';
import { collectAlerts } from './collect-alerts';

/** A store written by an older version (schema 2), which raised first sight of the account holder, brought up to date. */
function storeFromBefore(): Store {
  const before = structuredClone(v2Store) as Store;
  const plan = planMigration(before, T0);
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(before, plan);
}

const storedAlerts = (store: Store) =>
  Object.entries(store)
    .filter(([key]) => key.startsWith(ALERT_PREFIX))
    .map(([, value]) => value as AlertRecord);

describe('alerts about oneself', () => {
  it('a store from before holds an open first-sight notice about the account holder; no list shows it, and it stays stored', () => {
    const store = storeFromBefore();
    const old = storedAlerts(store).filter((a) => a.rule === 'first-seen' && a.contactId === a.account);
    expect(old.length).toBeGreaterThan(0);
    expect(old.some((a) => a.state === 'open')).toBe(true);
    const { alerts } = collectAlerts(store);
    expect(alerts.filter(isFirstSightOfOneself)).toEqual([]);
    // Every other alert is still listed, and the hidden ones are not deleted.
    expect(alerts).toHaveLength(storedAlerts(store).filter((a) => !isFirstSightOfOneself(a)).length);
    for (const a of old) expect(store[`${ALERT_PREFIX}${a.id}`]).toEqual(a);
  });

  it('is not raised again when that store sees the account holder, and other alerts about them are still shown', () => {
    const { store } = ingest(storeFromBefore(), snapshot([person('alice', 1, { isSelf: true }), person('bob', 2)]), T0 + MINUTE);
    const { alerts } = collectAlerts(store);
    expect(alerts.filter(isFirstSightOfOneself)).toEqual([]);
    const ghost = ingest(
      store,
      snapshot([
        person('alice', 1, { isSelf: true, devices: [{ id: 'ghost', key: null, vouch: 'invalid-key', encryptedTo: true }] }),
        person('bob', 2),
      ]),
      T0 + 2 * MINUTE,
    );
    const aboutAlice = collectAlerts(ghost.store).alerts.filter((a) => isAboutOneself(a) && a.state === 'open');
    expect(aboutAlice.map((a) => a.rule)).toContain('ghost-device');
  });
});
