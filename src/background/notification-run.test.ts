import { describe, expect, it } from 'vitest';
import { alertIdOf } from '../core/trust/alerts/alert-id';
import type { AlertDraft } from '../core/trust/alerts/alert-draft';
import { newAlertRecord } from '../core/trust/alerts/alert-reconcile';
import { key } from '../core/trust/testing/test-support';
import {
  MAX_RUN_ALERTS,
  MAX_RUNS_PER_SITE,
  MAX_SITES,
  nextRun,
  notificationId,
  RUN_WINDOW_MS,
  siteRunsOf,
  withAlerts,
} from './notification-run';

const base = {
  origin: 'https://courier.example',
  account: 'alice',
  conversationId: 'c1',
  conversationTitle: 'Team',
  contactId: null,
  contactName: null,
  key: null,
  previousKey: null,
  deviceId: null,
  vouch: null,
  detail: null,
  recordKey: null,
  quarantineKey: null,
  newIdentityKey: null,
} as const;
const record = (draft: AlertDraft, now: number) => newAlertRecord(alertIdOf(draft), draft, now);
const verifiedKeyChanged = (now: number) =>
  record({ ...base, rule: 'verified-key-changed', contactId: 'bob', contactName: 'Bob', key: key(2), previousKey: key(1) }, now);
const ghost = (who: string, now: number) =>
  record({ ...base, rule: 'ghost-device', contactId: who, contactName: who, deviceId: 'x', key: key(9), vouch: 'unsigned' }, now);

describe('nextRun', () => {
  it('keeps the loudest alert of the run: a later, quieter critical alert does not replace a verified key that changed', () => {
    const first = nextRun(null, [verifiedKeyChanged(1_000)], 1_000);
    const next = nextRun(first, [ghost('mallory', 2_000)], 2_000);
    expect(next.loudest.rule).toBe('verified-key-changed');
    expect(next.count).toBe(2);
    expect(notificationId('https://courier.example', next)).toBe(notificationId('https://courier.example', first));
    // The louder one takes over, also within one batch.
    expect(nextRun(null, [ghost('mallory', 1), verifiedKeyChanged(1)], 1).loudest.rule).toBe('verified-key-changed');
    expect(nextRun(nextRun(null, [ghost('mallory', 1)], 1), [verifiedKeyChanged(2)], 2).loudest.rule).toBe('verified-key-changed');
  });

  it('starts a new run, a notification of its own, after a pause or a clock that went back', () => {
    const first = nextRun(null, [ghost('mallory', 1_000)], 1_000);
    const later = nextRun(first, [ghost('eve', 1_000 + RUN_WINDOW_MS)], 1_000 + RUN_WINDOW_MS);
    expect(later.start).toBe(1_000 + RUN_WINDOW_MS);
    expect(later.count).toBe(1);
    expect(later.alertIds).toEqual([ghost('eve', 0).id]);
    expect(nextRun(first, [ghost('eve', 500)], 500).start).toBe(500);
  });

  it('names the alerts it stands for, once each, and past the bound says it cannot tell', () => {
    let run = nextRun(null, [ghost('mallory', 1)], 1);
    run = nextRun(run, [ghost('mallory', 2)], 2);
    expect(run.alertIds).toHaveLength(1);
    expect(run.overflow).toBe(false);
    const many = Array.from({ length: MAX_RUN_ALERTS + 1 }, (_, i) => ghost(`p${i}`, 3));
    const flooded = nextRun(run, many, 3);
    expect(flooded.alertIds).toHaveLength(MAX_RUN_ALERTS);
    expect(flooded.overflow).toBe(true);
    // Once unknown, it stays so for the rest of the run.
    expect(nextRun(flooded, [ghost('q', 4)], 4).overflow).toBe(true);
  });
});

describe('withAlerts', () => {
  const site = 'https://courier.example';

  it("keeps a site's earlier runs beside its current one: each notification is followed until its alerts are dealt with", () => {
    const first = withAlerts({}, site, [verifiedKeyChanged(1_000)], 1_000);
    const same = withAlerts(first.sites, site, [ghost('mallory', 2_000)], 2_000);
    expect(same.sites[site]).toHaveLength(1);
    const later = withAlerts(same.sites, site, [ghost('eve', 2_000 + RUN_WINDOW_MS)], 2_000 + RUN_WINDOW_MS);
    expect(later.sites[site]!.map((run) => run.start)).toEqual([1_000, 2_000 + RUN_WINDOW_MS]);
    expect(later.sites[site]![0]!.alertIds).toHaveLength(2);
    expect(later.run.start).toBe(2_000 + RUN_WINDOW_MS);
  });

  it('follows a bounded number of runs and sites, dropping the oldest', () => {
    let sites = {};
    for (let i = 0; i < MAX_RUNS_PER_SITE + 3; i++) sites = withAlerts(sites, site, [ghost(`p${i}`, i)], i * 2 * RUN_WINDOW_MS).sites;
    const runs = (sites as Record<string, unknown[]>)[site]!;
    expect(runs).toHaveLength(MAX_RUNS_PER_SITE);
    for (let i = 0; i < MAX_SITES + 2; i++) sites = withAlerts(sites, `https://s${i}.example`, [ghost('x', 1)], 1e9 + i).sites;
    expect(Object.keys(sites)).toHaveLength(MAX_SITES);
    expect(Object.keys(sites)).toContain(`https://s${MAX_SITES + 1}.example`);
    expect(Object.keys(sites)).not.toContain(site);
  });

  it('reads back only runs of its own shape', () => {
    const { sites } = withAlerts({}, site, [ghost('mallory', 1)], 1);
    expect(siteRunsOf(JSON.parse(JSON.stringify(sites)))).toEqual(sites);
    expect(siteRunsOf({ [site]: [{ at: 1, count: 1 }] })).toEqual({ [site]: [] });
    expect(siteRunsOf(null)).toEqual({});
  });
});
