// No record in a records file may say something happened after the file was
// exported (and the file may not be exported after now): a time in the future
// is how a crafted file would make its acknowledgement outlast every later
// event, or its roster and names win every "seen last" comparison. Such a
// record is refused, with the reason, and the rest of the file still imports.

import type { AlertRecord, ContactRecord, ConversationRecord } from '../trust';

type Kind = 'contact' | 'conversation' | 'alert' | 'quarantine' | 'other';

/** Every time a record of this kind holds, with where it is. */
function timesOf(kind: Kind, record: unknown): [string, number | null][] {
  if (kind === 'contact') {
    const c = record as ContactRecord;
    return [
      ['firstSeen', c.firstSeen],
      ['lastSeen', c.lastSeen],
      ['trustSince', c.trustSince],
      ...c.keys.flatMap((k, i): [string, number][] => [
        [`keys.${i}.firstSeen`, k.firstSeen],
        [`keys.${i}.lastSeen`, k.lastSeen],
      ]),
      ...c.devices.flatMap((d, i): [string, number][] => [
        [`devices.${i}.firstSeen`, d.firstSeen],
        [`devices.${i}.lastSeen`, d.lastSeen],
      ]),
      ...c.verifications.map((x, i): [string, number] => [`verifications.${i}.at`, x.at]),
    ];
  }
  if (kind === 'conversation') {
    const c = record as ConversationRecord;
    return [
      ['firstSeen', c.firstSeen],
      ['lastSeen', c.lastSeen],
      ['levelSince', c.levelSince],
    ];
  }
  if (kind === 'alert') {
    const a = record as AlertRecord;
    return [
      ['firstRaised', a.firstRaised],
      ['lastRaised', a.lastRaised],
      ['lastSeen', a.lastSeen],
      ['acknowledgedAt', a.acknowledgedAt],
    ];
  }
  if (kind === 'quarantine') return [['quarantinedAt', (record as { quarantinedAt: number }).quarantinedAt]];
  return [];
}

/** A time for a reason text: ISO 8601, or the number when no date can hold it. */
export function timeText(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}

/** Why a record cannot be imported for its times, or null. */
export function laterThanExport(kind: Kind, record: unknown, exportedAt: number): string | null {
  const late = timesOf(kind, record).find(([, time]) => time !== null && time > exportedAt);
  if (!late) return null;
  return `its ${late[0]} (${timeText(late[1]!)}) is later than the file's export (${timeText(exportedAt)})`;
}
