// A system notification for newly raised critical alerts. Several at once
// become one notification, so an attack on a big group is one clear message.
import type { AlertRecord } from '../core/trust';
import { notify } from '../platform/notifications';
import { i18n } from '../platform/runtime';
import { alertText } from '../ui/alert-text';
import { tn } from '../ui/i18n';
import { log } from './log';

export async function notifyCritical(raised: readonly AlertRecord[]): Promise<void> {
  const critical = raised.filter((a) => a.severity === 'critical' && a.state === 'open');
  if (critical.length === 0) return;
  const first = critical[0]!;
  const { summary } = alertText(first);
  const message = critical.length === 1 ? summary : tn('notifyMany', critical.length - 1, summary, critical.length - 1);
  await notify(`keywatch-${first.id}`, i18n('notifyTitle'), message).catch((error: unknown) => log.error('notification failed', error));
}
