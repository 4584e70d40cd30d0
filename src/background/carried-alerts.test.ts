import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AlertRecordSchema, type AlertRecord } from '../core/trust';
import { english, englishText } from '../core/trust/testing/english';
import { carriedAlerts } from './carried-alerts';
import { INFO_NOTICES_CARRIED } from '../view/tab-view';

function alert(n: number, severity: AlertRecord['severity'], lastRaised: number): AlertRecord {
  return v.parse(AlertRecordSchema, {
    id: n.toString(16).padStart(32, '0'),
    rule: severity === 'info' ? 'first-seen' : 'ghost-device',
    severity,
    state: 'open',
    origin: 'https://courier.example',
    account: 'alice',
    conversationId: 'c',
    conversationTitle: 'C',
    contactId: `member-${n}`,
    contactName: `Member ${n}`,
    key: null,
    previousKey: null,
    deviceId: null,
    vouch: null,
    detail: null,
    recordKey: null,
    quarantineKey: null,
    firstRaised: lastRaised,
    lastRaised,
    lastSeen: lastRaised,
    acknowledgedAt: null,
    acknowledgedBy: null,
    occurrences: 1,
  });
}

describe('the alerts a tab view carries', () => {
  it('carries every loud alert and only the newest information notices, with their full count', () => {
    const info = Array.from({ length: 1000 }, (_, i) => alert(i, 'info', 1_000 + i));
    const loud = [alert(5000, 'critical', 1), alert(5001, 'warning', 2)];
    const { alerts, infoNotices } = carriedAlerts([...info, ...loud]);
    expect(infoNotices).toBe(1000);
    expect(alerts.filter((a) => a.severity !== 'info').map((a) => english(a.summary))).toEqual(loud.map((a) => englishText(a).summary));
    expect(english(alerts[0]!.summary)).toMatch(/^Possible ghost device: Member 5000's device/);
    const carried = alerts.filter((a) => a.severity === 'info');
    expect(carried).toHaveLength(INFO_NOTICES_CARRIED);
    expect(carried[0]!.at).toBe(1_999);
    expect(Math.min(...carried.map((a) => a.at))).toBe(2_000 - INFO_NOTICES_CARRIED);
  });

  it('carries everything when there are few', () => {
    const open = [alert(1, 'info', 5), alert(2, 'critical', 6)];
    const { alerts, infoNotices } = carriedAlerts(open);
    expect(infoNotices).toBe(1);
    expect(alerts.map((a) => [a.id, a.severity, a.subject])).toEqual([
      [open[1]!.id, 'critical', 'member-2'],
      [open[0]!.id, 'info', 'member-1'],
    ]);
  });
});
