// An alert from a records file against the one stored here under the same id
// (docs/storage.md, "Import"). A file never acknowledges what has not happened
// here, and never closes an alert open here behind the user's back:
// - absent here: added as it is, marked `fromFile`: its condition was never
//   found here, so the first time it is, the alert is raised as new whatever
//   the file said (alert-reconcile.ts);
// - present here: only for the same condition (same kind, origin, account and
//   identity fields), else refused; fields from the side that raised it last.
//   It is acknowledged if our acknowledgement is not older than its last raise;
//   otherwise the file's acknowledgement closes it only when it was made by the
//   user or a verification where the condition was found (not itself imported),
//   is not older than its last raise on either side, and acknowledging this kind
//   does nothing but close it (accepting a key or releasing the degraded latch
//   is this browser's to do). Closing an alert open here is listed in the review.
// The severity is the loudest of the rule's, the file's and ours: a file cannot
// make an alert quieter than its rule, nor than it is here (a record from an
// older version may be louder than its rule is now, and stays so).

import { RULES, SEVERITY_ORDER, type AlertRecord, type Severity } from '../trust';

export type AlertImport =
  /** `closesOpen`: the file's acknowledgement closes an alert open here. */
  { status: 'merged'; record: AlertRecord; closesOpen: boolean } | { status: 'refused'; reason: string };

const sameCondition = (a: AlertRecord, b: AlertRecord) =>
  a.rule === b.rule &&
  a.origin === b.origin &&
  a.account === b.account &&
  JSON.stringify(RULES[a.rule].identity(a)) === JSON.stringify(RULES[b.rule].identity(b));

export function importAlert(mine: AlertRecord | null, theirs: AlertRecord): AlertImport {
  const severity = loudest([RULES[theirs.rule].severity, theirs.severity, ...(mine ? [mine.severity] : [])]);
  if (mine === null) return { status: 'merged', record: { ...copy(theirs), severity, fromFile: true }, closesOpen: false };
  if (!sameCondition(mine, theirs))
    return { status: 'refused', reason: 'the file has another condition under the id of an alert stored here' };

  const later = theirs.lastRaised > mine.lastRaised ? theirs : mine;
  const lastRaised = Math.max(mine.lastRaised, theirs.lastRaised);
  const holds = (a: AlertRecord) => a.state === 'acknowledged' && a.acknowledgedAt! >= lastRaised;
  const theirsCounts = !theirs.fromFile && theirs.acknowledgedBy !== null && RULES[theirs.rule].acknowledge === 'none' && holds(theirs);
  const closing = holds(mine) ? mine : theirsCounts ? theirs : null;
  const record: AlertRecord = copy({
    ...later,
    severity,
    state: closing ? 'acknowledged' : 'open',
    acknowledgedAt: closing ? closing.acknowledgedAt : null,
    acknowledgedBy: closing ? closing.acknowledgedBy : null,
    firstRaised: Math.min(mine.firstRaised, theirs.firstRaised),
    lastRaised,
    lastSeen: Math.max(mine.lastSeen, theirs.lastSeen),
    occurrences: Math.max(mine.occurrences, theirs.occurrences),
    fromFile: mine.fromFile,
  });
  return { status: 'merged', record, closesOpen: mine.state === 'open' && closing === theirs };
}

function loudest(severities: readonly Severity[]): Severity {
  return severities.reduce((a, b) => (SEVERITY_ORDER[b] > SEVERITY_ORDER[a] ? b : a));
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
