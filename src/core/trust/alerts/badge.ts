// The action badge: how many open alerts need attention, coloured by the worst.
// Information alerts (first sight, a device or person removed) are listed in
// the popup but not counted by default: trust on first use happens for every
// new contact, and a badge that is always lit teaches people to ignore it.

import { SEVERITIES, SEVERITY_ORDER, type Severity } from '../rules';

const LOUDEST_FIRST = [...SEVERITIES].sort((a, b) => SEVERITY_ORDER[b] - SEVERITY_ORDER[a]);
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
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const a of alerts) if (a.state === 'open') open[a.severity] += 1;
  return badgeForCounts(open, options);
}

/** The badge for open alerts counted by severity (the store's badge summary keeps these counts). */
export function badgeForCounts(open: Readonly<Record<Severity, number>>, options: { countInfo?: boolean } = {}): Badge {
  const counted = LOUDEST_FIRST.filter((s) => s !== 'info' || options.countInfo);
  const count = counted.reduce((sum, s) => sum + open[s], 0);
  const worst = counted.find((s) => open[s] > 0) ?? null;
  return {
    text: count === 0 ? '' : count > 99 ? '99+' : String(count),
    color: worst ? BADGE_COLORS[worst] : '',
    severity: worst,
  };
}
