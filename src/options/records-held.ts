// What the records page shows, held from one full read of storage.local and then
// kept current from the changes storage reports with their new values: a page
// report costs the page the records it changed, not another read of the whole
// store. Each record is decoded from its stored form and validated as the full
// read does, so a damaged one counts as unreadable either way.
import * as v from 'valibot';
import { DEFAULT_SETTINGS, readSettings, SETTINGS_KEY, type SettingsRecord } from '../core/settings/site-settings';
import {
  ALERT_PREFIX,
  collectAlerts,
  compareAlerts,
  CONTACT_PREFIX,
  ContactRecordSchema,
  decodeStored,
  NOTICE_DIGEST_PREFIX,
  NoticeDigestRecordSchema,
  recordsReader,
  type AlertRecord,
  type ContactRecord,
  type NoticeDigestRecord,
} from '../core/trust';

export interface StoreSnapshot {
  contacts: ContactRecord[];
  /** Every alert, open first, loudest first. */
  alerts: AlertRecord[];
  /** Closed alerts compacted by retention, by kind and conversation, newest first. */
  digests: NoticeDigestRecord[];
  settings: SettingsRecord;
  /** Every site KeyWatch has seen someone on, or that is turned off, sorted. */
  sites: string[];
  /** Damaged records the page could not show. */
  unreadable: number;
}

/** The kinds of record the page shows; a change to one recomputes only the lists built from it. */
export type ShownKind = 'contacts' | 'alerts' | 'digests' | 'settings';

/** The records the page shows, by storage key, and the keys of the damaged ones. */
export interface RecordsHeld {
  readonly contacts: ReadonlyMap<string, ContactRecord>;
  readonly alerts: ReadonlyMap<string, AlertRecord>;
  readonly digests: ReadonlyMap<string, NoticeDigestRecord>;
  readonly unreadable: ReadonlySet<string>;
  readonly settings: SettingsRecord;
}

/** One changed key of storage.local: its new value as stored, or undefined when the key was removed. */
export interface StoredChange {
  readonly key: string;
  readonly newValue: unknown;
}

/** Which kind of shown record lives under `key`; null for every other record (roster chunks, indexes, usage…). */
export function shownKindOf(key: string): ShownKind | null {
  if (key.startsWith(CONTACT_PREFIX)) return 'contacts';
  if (key.startsWith(ALERT_PREFIX)) return 'alerts';
  if (key.startsWith(NOTICE_DIGEST_PREFIX)) return 'digests';
  if (key === SETTINGS_KEY) return 'settings';
  return null;
}

interface Held {
  contacts: Map<string, ContactRecord>;
  alerts: Map<string, AlertRecord>;
  digests: Map<string, NoticeDigestRecord>;
  unreadable: Set<string>;
  settings: SettingsRecord;
}

/** Files the stored value under `key` (undefined: removed) where the page looks for it, decoded and validated. */
function place(held: Held, kind: ShownKind, key: string, stored: unknown): void {
  if (kind === 'settings') {
    held.settings = readSettings(recordsReader(stored === undefined ? {} : { [key]: stored })).settings;
    return;
  }
  const shown = stored === undefined ? undefined : readShown(kind, key, decodeStored(key, stored));
  // A record rewritten keeps its place in the map (the order shown), so the next sort has little to do.
  if (shown && shown !== UNREADABLE) (held[kind] as Map<string, unknown>).set(key, shown);
  else held[kind].delete(key);
  if (shown === UNREADABLE) held.unreadable.add(key);
  else held.unreadable.delete(key);
}

const UNREADABLE = Symbol('unreadable');

/** The record as the page shows it; UNREADABLE when damaged, undefined when it is left out (first sights of oneself). */
function readShown(kind: Exclude<ShownKind, 'settings'>, key: string, record: unknown): unknown {
  if (kind === 'alerts') {
    // The same reading as a full collection: checked against its key, first sights of oneself left out.
    const { alerts, problems } = collectAlerts({ [key]: record });
    return problems.length > 0 ? UNREADABLE : alerts[0];
  }
  const parsed = v.safeParse(kind === 'contacts' ? ContactRecordSchema : NoticeDigestRecordSchema, record);
  return parsed.success ? parsed.output : UNREADABLE;
}

const collator = new Intl.Collator();

function compareContacts(a: ContactRecord, b: ContactRecord): number {
  return collator.compare(a.name, b.name) || collator.compare(a.contactId, b.contactId) || collator.compare(a.origin, b.origin);
}

/** The records of a full read of storage.local (values as stored). */
export function holdRecords(stored: Readonly<Record<string, unknown>>): RecordsHeld {
  const held: Held = { contacts: new Map(), alerts: new Map(), digests: new Map(), unreadable: new Set(), settings: DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(stored)) {
    const kind = shownKindOf(key);
    if (kind) place(held, kind, key, value);
  }
  // Held in the order shown, so that later sorts, after a few records changed, run over an almost sorted list.
  held.contacts = new Map([...held.contacts].sort(([, a], [, b]) => compareContacts(a, b)));
  held.alerts = new Map([...held.alerts].sort(([, a], [, b]) => compareAlerts(a, b)));
  return held;
}

/**
 * The records after `changes`, applied in order, and the kinds they touched. The maps of untouched kinds are
 * shared with `before`; those of touched kinds are copies, so `before` stays as it was.
 */
export function applyChanges(before: RecordsHeld, changes: Iterable<StoredChange>): { held: RecordsHeld; touched: Set<ShownKind> } {
  const held: Held = {
    contacts: before.contacts as Map<string, ContactRecord>,
    alerts: before.alerts as Map<string, AlertRecord>,
    digests: before.digests as Map<string, NoticeDigestRecord>,
    unreadable: before.unreadable as Set<string>,
    settings: before.settings,
  };
  const touched = new Set<ShownKind>();
  for (const { key, newValue } of changes) {
    const kind = shownKindOf(key);
    if (!kind) continue;
    if (!touched.has(kind) && kind !== 'settings') {
      if (kind === 'contacts') held.contacts = new Map(held.contacts);
      else if (kind === 'alerts') held.alerts = new Map(held.alerts);
      else held.digests = new Map(held.digests);
      if (held.unreadable === before.unreadable) held.unreadable = new Set(held.unreadable);
    }
    touched.add(kind);
    place(held, kind, key, newValue);
  }
  return { held, touched };
}

/**
 * What the page shows of `held`. With `previous`, only the lists built from the `touched` kinds are computed
 * again; the others are the previous snapshot's.
 */
export function snapshotOf(held: RecordsHeld, previous?: { snapshot: StoreSnapshot; touched: ReadonlySet<ShownKind> }): StoreSnapshot {
  const again = (kind: ShownKind) => !previous || previous.touched.has(kind);
  const contacts = again('contacts') ? [...held.contacts.values()].sort(compareContacts) : previous!.snapshot.contacts;
  const alerts = again('alerts') ? [...held.alerts.values()].sort(compareAlerts) : previous!.snapshot.alerts;
  const digests = again('digests') ? [...held.digests.values()].sort((a, b) => b.lastRaised - a.lastRaised) : previous!.snapshot.digests;
  const sites =
    again('contacts') || again('settings')
      ? [...new Set([...contacts.map((c) => c.origin), ...held.settings.disabledSites])].sort()
      : previous!.snapshot.sites;
  return { contacts, alerts, digests, settings: held.settings, sites, unreadable: held.unreadable.size };
}

/**
 * The page following storage.local: the full read, then the changes heard since. Changes heard before the read
 * is in wait and are applied over it (one the read already holds is set to the same value again); of several
 * changes to one key, the last wins.
 */
export class StoreFollower {
  private held: RecordsHeld | null = null;
  private shown: StoreSnapshot | null = null;
  private pending = new Map<string, unknown>();

  /** Notes changes; true when some of them are to apply (the read is in and they concern what the page shows). */
  heard(changes: Iterable<StoredChange>): boolean {
    for (const { key, newValue } of changes) if (shownKindOf(key)) this.pending.set(key, newValue);
    return this.held !== null && this.pending.size > 0;
  }

  /** The full read is in: what the page shows, every change heard meanwhile applied over it. */
  readIn(stored: Readonly<Record<string, unknown>>): StoreSnapshot {
    this.held = holdRecords(stored);
    this.shown = snapshotOf(this.held);
    return this.applyHeard() ?? this.shown;
  }

  /** Applies the changes heard so far: what the page shows now, or null when that did not change (or no read yet). */
  applyHeard(): StoreSnapshot | null {
    if (!this.held || !this.shown || this.pending.size === 0) return null;
    const changes = [...this.pending].map(([key, newValue]) => ({ key, newValue }));
    this.pending = new Map();
    const next = applyChanges(this.held, changes);
    this.held = next.held;
    if (next.touched.size === 0) return null;
    this.shown = snapshotOf(this.held, { snapshot: this.shown, touched: next.touched });
    return this.shown;
  }
}
