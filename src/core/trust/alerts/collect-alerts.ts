// Alerts out of a full read of the store (start-up, popup): valid ones sorted
// loudest first, damaged ones reported with their reason rather than hidden.
// First-sight notices about the account holder, which older versions raised,
// are left out of every list (about-oneself.ts).

import { RULES, SEVERITY_ORDER } from '../rules';
import { isFirstSightOfOneself } from './about-oneself';
import type { StoreProblem } from '../store/plan-builder';
import { readValue } from '../store/read-record';
import { AlertRecordSchema, type AlertRecord } from '../store/record-schemas';
import { ALERT_PREFIX } from '../store/storage-keys';

export function collectAlerts(all: Readonly<Record<string, unknown>>): { alerts: AlertRecord[]; problems: StoreProblem[] } {
  const alerts: AlertRecord[] = [];
  const problems: StoreProblem[] = [];
  for (const key of Object.keys(all)) {
    if (!key.startsWith(ALERT_PREFIX)) continue;
    const read = readValue(key, all[key], AlertRecordSchema);
    if (read.status === 'ok') {
      if (!isFirstSightOfOneself(read.value)) alerts.push(read.value);
    } else if (read.status === 'corrupt') problems.push({ key, reason: read.reason });
  }
  return { alerts: alerts.sort(compareAlerts), problems };
}

/**
 * The alert records a plan writes, so a background that keeps the alerts in
 * memory (rebuilt from storage at start-up) can update its copy and the badge
 * without reading the whole store after every snapshot.
 */
export function alertsIn(writes: Readonly<Record<string, unknown>>): AlertRecord[] {
  return collectAlerts(writes).alerts;
}

/** Open first, then by severity, then by the rule's rank, then newest first. */
export function compareAlerts(a: AlertRecord, b: AlertRecord): number {
  return (
    Number(b.state === 'open') - Number(a.state === 'open') ||
    SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] ||
    RULES[b.rule].rank - RULES[a.rule].rank ||
    b.lastRaised - a.lastRaised
  );
}
