// One system notification per site for a run of critical alerts: a page that
// raises one alert per report (a ghost device, then another…) must not bury the
// first warning under hundreds of notifications. A run lasts while alerts keep
// coming within the window of each other; its notification shows the loudest
// alert of the run (compareAlerts: a verified key that changed before a ghost
// device), counted, so a later, quieter alert never replaces its text. Each run
// remembers which alerts it stands for, so that its notification is taken away
// once every one of them was dealt with; a site's earlier runs are remembered
// too (their notifications stay listed until then). Pure: the background keeps
// the runs in storage.session (notifications.ts), so a stopped worker continues.
import { compareAlerts, type AlertRecord } from '../core/trust';

export const RUN_WINDOW_MS = 60_000;
/** Alerts a run names; past this it is never taken away by itself (the loud side: left for the user to close). */
export const MAX_RUN_ALERTS = 100;
/** Runs remembered per site, and sites: past these the oldest is no longer followed (its notification stays). */
export const MAX_RUNS_PER_SITE = 10;
export const MAX_SITES = 20;

export interface NotificationRun {
  /** When its first alert came: each run is a notification of its own, never one replacing an earlier run's. */
  start: number;
  /** When its last alert came. */
  at: number;
  count: number;
  loudest: AlertRecord;
  alertIds: string[];
  /** More alerts than MAX_RUN_ALERTS: whether all were dealt with is not known. */
  overflow: boolean;
}

/** Every site's runs followed, oldest first. */
export type SiteRuns = Record<string, NotificationRun[]>;

/** The site's current run after these critical alerts (at least one) came at `now`. */
export function nextRun(run: NotificationRun | null, critical: readonly AlertRecord[], now: number): NotificationRun {
  const going = run !== null && now >= run.at && now - run.at < RUN_WINDOW_MS;
  const loudestNow = [...critical].sort(compareAlerts)[0]!;
  const loudest = going && compareAlerts(run.loudest, loudestNow) <= 0 ? run.loudest : loudestNow;
  const ids = new Set(going ? run.alertIds : []);
  for (const alert of critical) ids.add(alert.id);
  return {
    start: going ? run.start : now,
    at: now,
    count: (going ? run.count : 0) + critical.length,
    loudest,
    alertIds: [...ids].slice(0, MAX_RUN_ALERTS),
    overflow: (going && run.overflow) || ids.size > MAX_RUN_ALERTS,
  };
}

/** Every site's runs after `origin`'s critical alerts came at `now`, and the run they belong to. */
export function withAlerts(
  sites: SiteRuns,
  origin: string,
  critical: readonly AlertRecord[],
  now: number,
): { sites: SiteRuns; run: NotificationRun } {
  const runs = sites[origin] ?? [];
  const last = runs.at(-1) ?? null;
  const run = nextRun(last, critical, now);
  const kept = (last !== null && run.start === last.start ? runs.slice(0, -1) : runs).concat(run).slice(-MAX_RUNS_PER_SITE);
  const others = Object.entries(sites)
    .filter(([site]) => site !== origin)
    // The sites whose last alert is oldest are the first no longer followed.
    .sort(([, a], [, b]) => (a.at(-1)?.at ?? 0) - (b.at(-1)?.at ?? 0))
    .slice(-(MAX_SITES - 1));
  return { sites: Object.fromEntries([...others, [origin, kept]]), run };
}

export function notificationId(origin: string, run: Pick<NotificationRun, 'start'>): string {
  return `keywatch-critical-${origin}-${run.start}`;
}

/** The runs as read back from storage.session: only runs of this shape (an older version's are not used). */
export function siteRunsOf(value: unknown): SiteRuns {
  if (typeof value !== 'object' || value === null) return {};
  const sites: SiteRuns = {};
  for (const [origin, runs] of Object.entries(value)) if (Array.isArray(runs)) sites[origin] = runs.filter(isNotificationRun);
  return sites;
}

function isNotificationRun(value: unknown): value is NotificationRun {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<NotificationRun>;
  return (
    Number.isFinite(r.start) &&
    Number.isFinite(r.at) &&
    Number.isInteger(r.count) &&
    typeof r.loudest === 'object' &&
    r.loudest !== null &&
    Array.isArray(r.alertIds) &&
    r.alertIds.every((id) => typeof id === 'string') &&
    typeof r.overflow === 'boolean'
  );
}
