// A system notification for newly raised critical alerts. Several at once
// become one notification, so an attack on a big group is one clear message;
// several in a row from one site replace it, counted (notice-window.ts).
import type { AlertRecord } from '../core/trust';
import { notify } from '../platform/notifications';
import { i18n } from '../platform/runtime';
import { alertText } from '../ui/alert-text';
import { tn } from '../ui/i18n';
import { log } from './log';
import { NoticeWindow } from './notice-window';

/** Critical alerts a site raised within this long of each other share one notification, counted. */
const runs = new NoticeWindow(60_000);

export async function notifyCritical(raised: readonly AlertRecord[]): Promise<void> {
  const critical = raised.filter((a) => a.severity === 'critical' && a.state === 'open');
  if (critical.length === 0) return;
  const first = critical[0]!;
  // A page that raises one alert per report (a ghost device, then another…) gets one notification per site, counted,
  // not one per report: the newest replaces the one before in the same run; a later run gets its own.
  const count = runs.add(first.origin, critical.length, Date.now());
  const { summary } = alertText(first);
  const message = count === 1 ? summary : tn('notifyMany', count - 1, summary, count - 1);
  await notify(`keywatch-critical-${first.origin}-${runs.runStart(first.origin)}`, i18n('notifyTitle'), message).catch((error: unknown) =>
    log.error('notification failed', error),
  );
}
