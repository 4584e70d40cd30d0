// The action badge: how many open alerts need attention, coloured by the worst.
// Information alerts (first sight, a device or person removed) are listed in
// the popup but not counted by default: trust on first use happens for every
// new contact, and a badge that is always lit teaches people to ignore it.

import { SEVERITY_ORDER, type Severity } from '../rules';
import type { AlertRecord } from '../store/record-schemas';

export const BADGE_COLORS: { readonly [S in Severity]: string } = {
  critical: '#c5221f',
  warning: '#e37400',
  info: '#1a73e8',
};

export interface Badge {
  /** '' when nothing counts; at most three characters ("99+"). */
  text: string;
  /** The colour of the worst counted alert; '' when there is none. */
  color: string;
  severity: Severity | null;
}

export function badgeFor(alerts: readonly Pick<AlertRecord, 'state' | 'severity'>[], options: { countInfo?: boolean } = {}): Badge {
  let count = 0;
  let worst: Severity | null = null;
  for (const a of alerts) {
    if (a.state !== 'open' || (a.severity === 'info' && !options.countInfo)) continue;
    count += 1;
    if (worst === null || SEVERITY_ORDER[a.severity] > SEVERITY_ORDER[worst]) worst = a.severity;
  }
  return {
    text: count === 0 ? '' : count > 99 ? '99+' : String(count),
    color: worst ? BADGE_COLORS[worst] : '',
    severity: worst,
  };
}
