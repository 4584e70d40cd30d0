// Importing a records file: everything is merged in memory against a full read
// of the store, and the result is one plan the background applies at once
// (one storage.local.set, then one remove), so an import lands whole. Nothing
// is deleted but a conversation's roster records replaced by the file's newer
// ones. A record stored here that is damaged is left alone (the next start-up
// check sets it aside) and reported.

import { mergeSettings, readSettings, SETTINGS_KEY } from '../settings/site-settings';
import { EMPTY_DRAFT_FIELDS } from '../trust/alerts/alert-draft';
import { alertIdOf } from '../trust/alerts/alert-id';
import type { AlertRule } from '../trust/alerts/alert-kinds';
import { checkStoreVersion } from '../trust/ingest/ingest-analysis';
import type { StoreProblem } from '../trust/store/plan-builder';
import { sameKey } from '../trust/public-keys';
import { readWith, validateRecordAt } from '../trust/store/read-record';
import { AlertRecordSchema, ContactRecordSchema, type AlertRecord, type ContactRecord } from '../trust/store/record-schemas';
import { alertKey, parseStorageKey } from '../trust/store/storage-keys';
import type { PublicKeyRef } from '../roster';
import type { TrustState } from '../trust/trust-machine';
import { conversationUnits, mergeUnit } from './conversation-units';
import type { CheckedRecordsFile } from './format';
import { hasKeyConflict, mergeContact, type ConflictChoice } from './merge-contact';
import { mergeAlert } from './merge-records';

export type { ConflictChoice } from './merge-contact';

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export interface ConflictSide {
  key: PublicKeyRef;
  trust: TrustState;
  lastSeen: number;
}

/** A contact whose current key differs between this browser and the file. */
export interface ImportConflict {
  /** The contact's storage key: what a decision is given for. */
  id: string;
  origin: string;
  account: string;
  contactId: string;
  name: string;
  mine: ConflictSide;
  theirs: ConflictSide;
}

export interface ContactRef {
  origin: string;
  account: string;
  contactId: string;
  name: string;
}

export interface ImportPreview {
  exportedAt: number;
  contacts: ImportCounts;
  conversations: ImportCounts;
  alerts: ImportCounts;
  /** Records set aside as damaged (quarantine) and any other kind of record: added when absent, else kept. */
  other: ImportCounts;
  /** Contacts that will be verified after the import and are not (at that key) now. */
  newlyVerified: ContactRef[];
  /** Open alerts here that a verification in the file answers; they will be closed. */
  alertsClosed: number;
  /** Sites the file turns off that are on here. */
  sitesTurnedOff: string[];
  conflicts: ImportConflict[];
  /** Records stored here that are damaged: left alone, the file's version not applied. */
  skipped: StoreProblem[];
}

export type ImportPlan =
  | {
      ok: true;
      preview: ImportPreview;
      /** Conflicts without a decision; the plan must not be applied while any remain. */
      undecided: string[];
      /** Apply in one storage.local.set call, then remove `deletes` in one call. */
      writes: Record<string, unknown>;
      deletes: string[];
    }
  | { ok: false; reason: string };

/** The alerts a verification of the current key answers (as marking verified closes them). */
const ANSWERED_BY_VERIFICATION: readonly AlertRule[] = ['first-seen', 'key-changed', 'verified-key-changed', 'trust-state-invalid'];

const counts = (): ImportCounts => ({ added: 0, updated: 0, unchanged: 0 });

export function planImport(
  all: Readonly<Record<string, unknown>>,
  file: CheckedRecordsFile,
  decisions: Readonly<Record<string, ConflictChoice>>,
  now: number,
): ImportPlan {
  const refusal = checkStoreVersion(all);
  if (refusal) return { ok: false, reason: refusal.reason.replace(/^ingest refused/, 'import refused') };
  if (!Number.isFinite(now) || now < 0) return { ok: false, reason: 'import refused: the time is not a valid timestamp' };

  const writes: Record<string, unknown> = {};
  const deletes: string[] = [];
  const preview: ImportPreview = {
    exportedAt: file.exportedAt,
    contacts: counts(),
    conversations: counts(),
    alerts: counts(),
    other: counts(),
    newlyVerified: [],
    alertsClosed: 0,
    sitesTurnedOff: [],
    conflicts: [],
    skipped: [],
  };
  const undecided: string[] = [];
  const verifiedNow: ContactRecord[] = [];

  /** Counts and writes one record: added, updated, or unchanged. */
  const put = (tally: ImportCounts, key: string, before: unknown, after: unknown) => {
    if (before === undefined) tally.added++;
    else if (sameJson(before, after)) return void tally.unchanged++;
    else tally.updated++;
    writes[key] = after;
  };

  for (const [key, value] of Object.entries(file.records)) {
    const kind = parseStorageKey(key).kind;
    if (kind === 'contact') mergeContactAt(key, value as ContactRecord);
    else if (kind === 'alert') mergeAlertAt(key, value as AlertRecord);
    else if (!('conversationId' in parseStorageKey(key))) {
      // Set-aside records and anything else: added when absent; ours is kept otherwise.
      const before = Object.hasOwn(all, key) ? all[key] : undefined;
      put(preview.other, key, before, before ?? copy(value));
    }
  }

  const mine = conversationUnits(Object.keys(all));
  for (const [id, theirs] of conversationUnits(Object.keys(file.records))) {
    const merged = mergeUnit(all, mine.get(id), file.records, theirs);
    if (merged.status === 'skipped') {
      preview.skipped.push({ key: merged.key, reason: merged.reason });
      continue;
    }
    preview.conversations[merged.status]++;
    Object.assign(writes, merged.writes);
    deletes.push(...merged.deletes);
  }

  preview.alertsClosed = closeAnsweredAlerts(all, writes, verifiedNow, now);

  const settings = mergeSettings(readSettings(all).settings, file.settings);
  preview.sitesTurnedOff = settings.turnedOff;
  if (settings.turnedOff.length > 0) writes[SETTINGS_KEY] = settings.settings;

  // Every record about to be written must read back sound: never write what the store would set aside.
  for (const [key, value] of Object.entries(writes)) {
    const check = validateRecordAt(key, value);
    if (check.status === 'corrupt')
      return { ok: false, reason: `import refused: the merged record ${key} would be damaged (${check.reason}); nothing was changed` };
  }
  return { ok: true, preview, undecided, writes, deletes };

  function mergeContactAt(key: string, theirs: ContactRecord): void {
    const stored = readWith(all, key, ContactRecordSchema);
    if (stored.status === 'corrupt') return void preview.skipped.push({ key, reason: stored.reason });
    const mineRecord = stored.status === 'ok' ? stored.value : null;
    if (mineRecord && hasKeyConflict(mineRecord, theirs)) {
      preview.conflicts.push(conflictOf(key, mineRecord, theirs));
      if (!Object.hasOwn(decisions, key)) return void undecided.push(key);
    }
    const merged = mineRecord
      ? mergeContact(mineRecord, theirs, decisions[key] ?? null)
      : { status: 'merged' as const, record: copy(theirs) };
    if (merged.status !== 'merged') return;
    const after = merged.record;
    if (after.trust === 'verified' && !(mineRecord?.trust === 'verified' && sameKey(mineRecord.currentKey, after.currentKey))) {
      preview.newlyVerified.push({ origin: after.origin, account: after.account, contactId: after.contactId, name: after.name });
      verifiedNow.push(after);
    }
    put(preview.contacts, key, mineRecord ?? undefined, after);
  }

  function mergeAlertAt(key: string, theirs: AlertRecord): void {
    const stored = readWith(all, key, AlertRecordSchema);
    if (stored.status === 'corrupt') return void preview.skipped.push({ key, reason: stored.reason });
    put(
      preview.alerts,
      key,
      stored.status === 'ok' ? stored.value : undefined,
      stored.status === 'ok' ? mergeAlert(stored.value, theirs) : copy(theirs),
    );
  }
}

/** Closes the open alerts that a verification brought in by the file answers, as marking verified does. */
function closeAnsweredAlerts(
  all: Readonly<Record<string, unknown>>,
  writes: Record<string, unknown>,
  verified: readonly ContactRecord[],
  now: number,
): number {
  let closed = 0;
  for (const contact of verified) {
    for (const rule of ANSWERED_BY_VERIFICATION) {
      const id = alertIdOf({
        ...EMPTY_DRAFT_FIELDS,
        rule,
        origin: contact.origin,
        account: contact.account,
        contactId: contact.contactId,
        key: contact.currentKey,
      });
      const key = alertKey(id);
      const current = Object.hasOwn(writes, key)
        ? { status: 'ok' as const, value: writes[key] as AlertRecord }
        : readWith(all, key, AlertRecordSchema);
      if (current.status !== 'ok' || current.value.state !== 'open') continue;
      writes[key] = { ...current.value, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: 'verification' } satisfies AlertRecord;
      closed++;
    }
  }
  return closed;
}

function conflictOf(id: string, mine: ContactRecord, theirs: ContactRecord): ImportConflict {
  const side = (c: ContactRecord): ConflictSide => ({
    key: { ...c.currentKey! },
    trust: c.trust,
    lastSeen: c.keys.find((k) => sameKey(k.key, c.currentKey))?.lastSeen ?? c.lastSeen,
  });
  return {
    id,
    origin: mine.origin,
    account: mine.account,
    contactId: mine.contactId,
    name: theirs.lastSeen > mine.lastSeen ? theirs.name : mine.name,
    mine: side(mine),
    theirs: side(theirs),
  };
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Equal as JSON data, whatever the order of object fields. */
export function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
