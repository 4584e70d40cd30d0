// Importing a records file: everything is merged in memory against the store
// (read key by key: each record the file names, and the same conversations'
// records here), and the result is one plan the background applies at once
// (one storage.local.set, then one remove), so an import lands whole. Nothing
// is deleted but a conversation's roster records replaced by the file's newer
// ones. A record stored here that is damaged is left alone (the next start-up
// check sets it aside) and reported. A file cannot forge history: a record
// dated after the file's export is refused (import-dates.ts), an alert merges
// only with the same condition and never pre-acknowledges one (import-alert.ts),
// and every alert it would close, every verification it would add and every
// trust state it would change here is listed (import-review.ts): the plan may
// be applied only with that list confirmed.

import { mergeSettings, readSettings, SETTINGS_KEY } from '../settings/site-settings';
import type { PublicKeyRef } from '../roster';
import {
  alertIdsClosedByVerifying,
  alertKey,
  AlertRecordSchema,
  closedByVerification,
  ContactRecordSchema,
  parseStorageKey,
  readWith,
  sameKey,
  storeVersionRefusal,
  validateRecordAt,
  type AlertRecord,
  type ContactRecord,
  type StoreProblem,
  type StoreRead,
  type TrustState,
} from '../trust';
import { conversationUnits, mergeUnit, storedUnit } from './conversation-units';
import type { CheckedRecordsFile } from './format';
import { importAlert } from './import-alert';
import { laterThanExport } from './import-dates';
import {
  addedVerifications,
  confirmationOf,
  trustChangeOf,
  type AddedVerification,
  type ClosedAlert,
  type TrustChange,
} from './import-review';
import { hasKeyConflict, mergeContact, type ConflictChoice } from './merge-contact';

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
  /** Every alert open here that the import would close, and why. */
  alertsClosed: ClosedAlert[];
  /** Every verification the file holds that this store does not. */
  verificationsAdded: AddedVerification[];
  /** Every contact stored here whose trust state the import would change. */
  trustChanged: TrustChange[];
  /**
   * What the user confirms: a digest of `alertsClosed`, `verificationsAdded` and `trustChanged`,
   * null when all are empty. The import is applied only with this very value.
   */
  confirmation: string | null;
  /** Sites the file turns off that are on here. */
  sitesTurnedOff: string[];
  conflicts: ImportConflict[];
  /** Records stored here that are damaged: left alone, the file's version not applied. */
  skipped: StoreProblem[];
  /** Records of the file that are not imported, with the reason (a time after its export, another condition under an alert's id). */
  refused: StoreProblem[];
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

const counts = (): ImportCounts => ({ added: 0, updated: 0, unchanged: 0 });

export function planImport(
  read: StoreRead,
  file: CheckedRecordsFile,
  decisions: Readonly<Record<string, ConflictChoice>>,
  now: number,
): ImportPlan {
  const refusal = storeVersionRefusal(read, 'import');
  if (refusal) return refusal;
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
    alertsClosed: [],
    verificationsAdded: [],
    trustChanged: [],
    confirmation: null,
    sitesTurnedOff: [],
    conflicts: [],
    skipped: [],
    refused: [],
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
    const where = parseStorageKey(key);
    if ('conversationId' in where) continue; // conversations and their rosters, below
    const late = laterThanExport(
      where.kind === 'contact' || where.kind === 'alert' || where.kind === 'quarantine' ? where.kind : 'other',
      value,
      file.exportedAt,
    );
    if (late) {
      preview.refused.push({ key, reason: late });
      continue;
    }
    if (where.kind === 'contact') mergeContactAt(key, value as ContactRecord);
    else if (where.kind === 'alert') mergeAlertAt(key, value as AlertRecord);
    else {
      // Set-aside records and anything else: added when absent; ours is kept otherwise.
      const before = read(key);
      put(preview.other, key, before, before ?? copy(value));
    }
  }

  for (const theirs of conversationUnits(Object.keys(file.records)).values()) {
    const late = theirs.conversationKey && laterThanExport('conversation', file.records[theirs.conversationKey], file.exportedAt);
    if (late) {
      preview.refused.push({ key: theirs.conversationKey!, reason: `${late} (the conversation and its roster are not imported)` });
      continue;
    }
    const merged = mergeUnit(read, storedUnit(read, theirs), file.records, theirs);
    if (merged.status === 'skipped') {
      preview.skipped.push({ key: merged.key, reason: merged.reason });
      continue;
    }
    preview.conversations[merged.status]++;
    Object.assign(writes, merged.writes);
    deletes.push(...merged.deletes);
  }

  preview.alertsClosed.push(...closeAnsweredAlerts(read, writes, verifiedNow, now));
  preview.confirmation = confirmationOf(preview.alertsClosed, preview.verificationsAdded, preview.trustChanged);

  const settings = mergeSettings(readSettings(read).settings, file.settings);
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
    const stored = readWith(read, key, ContactRecordSchema);
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
    const verifiedAtKey =
      after.trust === 'verified' && !(mineRecord?.trust === 'verified' && sameKey(mineRecord.currentKey, after.currentKey));
    if (verifiedAtKey) {
      preview.newlyVerified.push({ origin: after.origin, account: after.account, contactId: after.contactId, name: after.name });
      verifiedNow.push(after);
    }
    preview.verificationsAdded.push(...addedVerifications(mineRecord, after));
    const trustChange = trustChangeOf(mineRecord, after);
    if (trustChange) preview.trustChanged.push(trustChange);
    put(preview.contacts, key, mineRecord ?? undefined, after);
  }

  function mergeAlertAt(key: string, theirs: AlertRecord): void {
    const stored = readWith(read, key, AlertRecordSchema);
    if (stored.status === 'corrupt') return void preview.skipped.push({ key, reason: stored.reason });
    const mine = stored.status === 'ok' ? stored.value : null;
    const merged = importAlert(mine, theirs);
    if (merged.status === 'refused') return void preview.refused.push({ key, reason: merged.reason });
    if (merged.closesOpen && mine) preview.alertsClosed.push({ alert: mine, by: 'acknowledgement' });
    put(preview.alerts, key, mine ?? undefined, merged.record);
  }
}

/** Closes the open alerts that a verification brought in by the file answers, as marking verified does. */
function closeAnsweredAlerts(
  read: StoreRead,
  writes: Record<string, unknown>,
  verified: readonly ContactRecord[],
  now: number,
): ClosedAlert[] {
  const closed: ClosedAlert[] = [];
  for (const contact of verified) {
    for (const id of alertIdsClosedByVerifying(contact, contact.currentKey)) {
      const key = alertKey(id);
      const current = Object.hasOwn(writes, key)
        ? { status: 'ok' as const, value: writes[key] as AlertRecord }
        : readWith(read, key, AlertRecordSchema);
      if (current.status !== 'ok' || current.value.state !== 'open') continue;
      writes[key] = closedByVerification(current.value, now);
      // Only alerts open here count: one the file brings in open and closes at once was never open here.
      const here = readWith(read, key, AlertRecordSchema);
      if (here.status === 'ok' && here.value.state === 'open') closed.push({ alert: here.value, by: 'verification' });
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
