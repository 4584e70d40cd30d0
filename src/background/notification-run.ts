// One system notification per site for a run of critical alerts: a page that
// raises one alert per report (a ghost device, then another…) must not bury the
// first warning under hundreds of notifications. A run lasts while alerts keep
// coming within the window of each other; its notification shows the loudest
// alert of the run (compareAlerts: a verified key that changed before a ghost
// device), counted, so a later, quieter alert never replaces its text. The run
// remembers which alerts it stands for, so that the notification is taken away
// once every one of them was dealt with. Pure: the background keeps each site's
// run in storage.session (notifications.ts), so a stopped worker continues it.
import { compareAlerts, type AlertRecord } from '../core/trust';

export const RUN_WINDOW_MS = 60_000;
/** Alerts a run names; past this it is never taken away by itself (the loud side: left for the user to close). */
export const MAX_RUN_ALERTS = 1000;

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

/** The site's run after these critical alerts (at least one) came at `now`. */
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

export function notificationId(origin: string, run: Pick<NotificationRun, 'start'>): string {
  return `keywatch-critical-${origin}-${run.start}`;
}

/** Whether a value read back from storage.session is a run as nextRun makes them (an older version's is not used). */
export function isNotificationRun(value: unknown): value is NotificationRun {
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
