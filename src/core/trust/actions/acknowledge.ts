// The user acknowledges one alert, accepting exactly what its `accepts` text
// says: the alert closes, and its rule's acknowledge effect
// (acknowledge-effects.ts) does the rest. Acknowledging never marks anything verified.
// It accepts what the user was shown: an alert raised again since (a counting alert
// counts a new occurrence into the open one, without a notification) is not closed
// with it; the user looks again.

import { RULES } from '../rules';
import { readWith, type StoreRead } from '../store/read-record';
import { AlertRecordSchema, type StoredRecord } from '../store/record-schemas';
import { alertKey, isAlertId } from '../store/storage-keys';
import { storeVersionRefusal } from '../store/store-version';
import { refuse, type ActionResult } from './action-result';
import { ACKNOWLEDGE_EFFECTS } from './acknowledge-effects';

/** `shownRaised`: the alert's lastRaised as the page showed it, when it says so. */
export function planAcknowledge(read: StoreRead, alertId: unknown, now: number, shownRaised?: number): ActionResult {
  if (typeof alertId !== 'string' || !isAlertId(alertId)) return refuse('acknowledge refused: not an alert id');
  if (!Number.isFinite(now) || now < 0) return refuse('acknowledge refused: the time is not a valid timestamp');
  const storeProblem = storeVersionRefusal(read, 'action');
  if (storeProblem) return storeProblem;
  const stored = readWith(read, alertKey(alertId), AlertRecordSchema);
  if (stored.status === 'absent') return refuse('acknowledge refused: there is no such alert');
  if (stored.status === 'corrupt') return refuse(`acknowledge refused: the saved alert is damaged (${stored.reason})`);
  const alert = stored.value;
  if (alert.state === 'acknowledged') return { ok: true, writes: {}, outcome: 'the alert was already acknowledged', alerts: [] };
  if (shownRaised !== undefined && shownRaised !== alert.lastRaised)
    return refuse('acknowledge refused: the alert was raised again since it was shown; look at it again. Nothing was changed.');

  const writes: Record<string, StoredRecord> = {
    [alertKey(alertId)]: { ...alert, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: 'user' },
  };
  return ACKNOWLEDGE_EFFECTS[RULES[alert.rule].acknowledge](read, alert, writes, now);
}
