// A system notification for newly raised critical alerts. Several at once
// become one notification, so an attack on a big group is one clear message;
// several in a row from one site replace it, counted, showing the loudest
// (notification-run.ts). Each site's run is kept in storage.session, so a
// stopped worker continues it; once every alert of a run was dealt with, its
// notification is taken away (a stale warning teaches users to ignore them).
// Clicking one opens the records page's alerts, where each can be dealt with.
import { AlertRecordSchema, alertKey, readWith, type AlertRecord } from '../core/trust';
import { clearNotification, notify } from '../platform/notifications';
import { i18n } from '../platform/runtime';
import { readKeys, writeKeys } from '../platform/storage';
import { alertText } from '../ui/alert-text';
import { tn } from '../ui/i18n';
import { log } from './log';
import { notificationId, siteRunsOf, withAlerts, type NotificationRun, type SiteRuns } from './notification-run';
import { isOpenCritical } from './open-alerts';
import { planWithStore } from './store';

/** storage.session: every site's runs of critical alerts (notification-run.ts), one record. */
const RUNS_KEY = 'notifications/runs';

/** The runs are changed one at a time (a report and a settling may overlap). */
let queue: Promise<unknown> = Promise.resolve();
function inTurn<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

const readRuns = async () => siteRunsOf((await readKeys('session', [RUNS_KEY]))[RUNS_KEY]);

export function notifyCritical(raised: readonly AlertRecord[]): Promise<void> {
  const critical = raised.filter(isOpenCritical);
  if (critical.length === 0) return Promise.resolve();
  const bySite = new Map<string, AlertRecord[]>();
  for (const alert of critical) {
    const site = bySite.get(alert.origin);
    if (site) site.push(alert);
    else bySite.set(alert.origin, [alert]);
  }
  return inTurn(async () => {
    let sites = await readRuns();
    const shown: Array<[string, NotificationRun]> = [];
    for (const [origin, alerts] of bySite) {
      const next = withAlerts(sites, origin, alerts, Date.now());
      sites = next.sites;
      shown.push([origin, next.run]);
    }
    await writeKeys('session', { [RUNS_KEY]: sites });
    for (const [origin, run] of shown) {
      const { summary } = alertText(run.loudest);
      const message = run.count === 1 ? summary : tn('notifyMany', run.count - 1, summary, run.count - 1);
      await notify(notificationId(origin, run), i18n('notifyTitle'), message);
    }
  }).catch((error: unknown) => log.error('notification failed', error));
}

/**
 * Takes away the notification of every run, the current or an earlier one of its site, whose alerts were all dealt
 * with (acknowledged, closed by a verification, or gone with the records): called after the user changed trust,
 * imported or cleared records. Never throws.
 */
export function settleNotifications(): Promise<void> {
  return inTurn(async () => {
    const sites = await readRuns();
    // The alerts of every run still open, read in one plan. A damaged record is not known to be dealt with: kept.
    const named = new Set(Object.values(sites).flatMap((runs) => runs.flatMap((run) => run.alertIds)));
    const open = await planWithStore((read) => {
      const found = new Set<string>();
      for (const id of named) {
        const alert = readWith(read, alertKey(id), AlertRecordSchema);
        if (alert.status === 'corrupt' || (alert.status === 'ok' && alert.value.state === 'open')) found.add(id);
      }
      return found;
    });
    const kept: SiteRuns = {};
    for (const [origin, runs] of Object.entries(sites)) {
      const left: NotificationRun[] = [];
      for (const run of runs) {
        if (run.overflow || run.alertIds.some((id) => open.has(id))) left.push(run);
        else await clearNotification(notificationId(origin, run));
      }
      if (left.length > 0) kept[origin] = left;
    }
    await writeKeys('session', { [RUNS_KEY]: kept });
  }).catch((error: unknown) => log.error('notifications could not be settled', error));
}

/** Whether a notification is one of ours about critical alerts (its click opens the records page's alerts). */
export function isCriticalNotification(id: string): boolean {
  return id.startsWith('keywatch-critical-');
}
