// Merging an alert from a records file with the stored one. (Contacts:
// merge-contact.ts; conversations are taken whole: conversation-units.ts.)

import type { AlertRecord } from '../trust';

/**
 * The same alert id is the same condition. Its fields (names, title) come from the side that
 * raised it last; it is acknowledged only if an acknowledgement (from either
 * side) came after the last time it was raised on either side, so an alert
 * raised again here after the user closed it elsewhere stays open.
 */
export function mergeAlert(mine: AlertRecord, theirs: AlertRecord): AlertRecord {
  const later = theirs.lastRaised > mine.lastRaised ? theirs : mine;
  const lastRaised = Math.max(mine.lastRaised, theirs.lastRaised);
  const acknowledgements = [mine, theirs].filter((a) => a.state === 'acknowledged' && a.acknowledgedAt !== null);
  const latest = acknowledgements.sort((a, b) => b.acknowledgedAt! - a.acknowledgedAt!)[0];
  const closed = latest !== undefined && latest.acknowledgedAt! >= lastRaised;
  return JSON.parse(
    JSON.stringify({
      ...later,
      state: closed ? 'acknowledged' : 'open',
      acknowledgedAt: closed ? latest.acknowledgedAt : null,
      acknowledgedBy: closed ? latest.acknowledgedBy : null,
      firstRaised: Math.min(mine.firstRaised, theirs.firstRaised),
      lastRaised,
      lastSeen: Math.max(mine.lastSeen, theirs.lastSeen),
      occurrences: Math.max(mine.occurrences, theirs.occurrences),
    }),
  ) as AlertRecord;
}
