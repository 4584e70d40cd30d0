import { badgeFor } from '../core/trust';
import { setBadge } from '../platform/action';
import { i18n } from '../platform/runtime';
import { tn } from '../ui/i18n';
import { allAlerts } from './store';

/** Recomputes the badge from the stored alerts: count and colour of the worst open one. */
export async function refreshBadge(): Promise<void> {
  const badge = badgeFor(await allAlerts());
  const title = badge.text ? tn('actionTitleAlerts', Number.parseInt(badge.text, 10), badge.text) : i18n('actionTitle');
  await setBadge(badge.text, badge.color || '#1a73e8', title);
}
