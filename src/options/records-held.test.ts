import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { readSettings, SETTINGS_KEY } from '../core/settings/site-settings';
import {
  collectAlerts,
  CONTACT_PREFIX,
  ContactRecordSchema,
  decodeStore,
  encodeStore,
  NOTICE_DIGEST_PREFIX,
  NoticeDigestRecordSchema,
  recordsReader,
  type AlertRecord,
  type ContactRecord,
  type NoticeDigestRecord,
} from '../core/trust';
import { noticeDigestKey } from '../core/trust/store/storage-keys';
import { Random } from '../core/trust/testing/year-of-use/random';
import { buildYearOfUse } from '../core/trust/testing/year-of-use/year-of-use';
import {
  applyChanges,
  holdRecords,
  snapshotOf,
  StoreFollower,
  type RecordsHeld,
  type StoredChange,
  type StoreSnapshot,
} from './records-held';

type Store = Record<string, unknown>;

/** The page's full read of storage.local as it was written before it followed changes: every record decoded, then collected. */
function fullRead(stored: Store): StoreSnapshot {
  const all = decodeStore(stored);
  const contacts: ContactRecord[] = [];
  const digests: NoticeDigestRecord[] = [];
  let unreadable = 0;
  for (const [key, value] of Object.entries(all)) {
    const schema = key.startsWith(CONTACT_PREFIX)
      ? ContactRecordSchema
      : key.startsWith(NOTICE_DIGEST_PREFIX)
        ? NoticeDigestRecordSchema
        : null;
    if (!schema) continue;
    const parsed = v.safeParse(schema, value);
    if (!parsed.success) unreadable++;
    else if (schema === ContactRecordSchema) contacts.push(parsed.output as ContactRecord);
    else digests.push(parsed.output as NoticeDigestRecord);
  }
  digests.sort((a, b) => b.lastRaised - a.lastRaised);
  contacts.sort((a, b) => a.name.localeCompare(b.name) || a.contactId.localeCompare(b.contactId) || a.origin.localeCompare(b.origin));
  const { alerts, problems } = collectAlerts(all);
  const { settings } = readSettings(recordsReader(all));
  const sites = [...new Set([...contacts.map((c) => c.origin), ...settings.disabledSites])].sort();
  return { contacts, alerts, digests, settings, sites, unreadable: unreadable + problems.length };
}

/** A year of use as storage.local holds it (compact form), with compacted notices and settings of its own. */
function storedYear(seed: number, disabledSites: string[]): Store {
  const records: Store = { ...buildYearOfUse({ scale: 0.02, seed }).store };
  const alerts = Object.values(records).filter(
    (r): r is AlertRecord => typeof (r as AlertRecord)?.rule === 'string' && !!(r as AlertRecord).id,
  );
  for (const alert of alerts.slice(0, 12)) {
    const digest: NoticeDigestRecord = {
      origin: alert.origin,
      account: alert.account,
      conversationId: alert.conversationId,
      rule: alert.rule,
      notices: 2,
      occurrences: 3,
      firstRaised: alert.firstRaised,
      lastRaised: alert.lastRaised + seed,
      latest: alert,
    };
    records[noticeDigestKey(digest.origin, digest.account, digest.conversationId, digest.rule)] = digest;
  }
  records[SETTINGS_KEY] = { disabledSites };
  return JSON.parse(JSON.stringify(encodeStore(records))) as Store;
}

/** Every change that turns storage `from` into `to`, one per key, in a shuffled order. */
function changesBetween(from: Store, to: Store, random: Random): StoredChange[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k]));
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  return keys.map((key) => ({ key, newValue: to[key] }));
}

function withChanges(store: Store, changes: readonly StoredChange[]): Store {
  const next = { ...store };
  for (const { key, newValue } of changes) {
    if (newValue === undefined) delete next[key];
    else next[key] = newValue;
  }
  return next;
}

/** Lists compared as sets where the order of equals is not the page's concern (alerts tied on every sort field). */
const shown = (s: StoreSnapshot) => ({
  ...s,
  alerts: s.alerts.map((a) => a.id).sort(),
  alertOrder: s.alerts.map((a) => [a.state, a.severity, a.rule, a.lastRaised]),
});

const first = storedYear(1, ['https://off.example']);
const second = storedYear(2, ['https://off.example', 'https://other.example']);

describe('the records the page holds', () => {
  it('reads a whole store as the full read does', () => {
    const held = snapshotOf(holdRecords(first));
    expect(held.contacts.length).toBeGreaterThan(50);
    expect(held.alerts.length).toBeGreaterThan(50);
    expect(held.digests.length).toBeGreaterThan(1);
    expect(held.digests).toHaveLength(Object.keys(first).filter((k) => k.startsWith(NOTICE_DIGEST_PREFIX)).length);
    expect(shown(held)).toEqual(shown(fullRead(first)));
  });

  it('after any burst of changes, applied in batches, shows what a full read of the changed store shows', () => {
    const random = new Random(7);
    const changes = changesBetween(first, second, random);
    expect(changes.length).toBeGreaterThan(400);
    let held = holdRecords(first);
    let snapshot = snapshotOf(held);
    let store = first;
    for (let at = 0; at < changes.length;) {
      const batch = changes.slice(at, (at += 1 + Math.floor(random.next() * 60)));
      const next = applyChanges(held, batch);
      held = next.held;
      snapshot = snapshotOf(held, { snapshot, touched: next.touched });
      store = withChanges(store, batch);
      expect(shown(snapshot)).toEqual(shown(fullRead(store)));
    }
    expect(shown(snapshot)).toEqual(shown(fullRead(second)));
  });

  it('counts a damaged record as unreadable, and stops counting it once it is sound again or removed', () => {
    const [contactKey] = Object.keys(first).filter((k) => k.startsWith(CONTACT_PREFIX));
    const [alertKey] = Object.keys(first).filter((k) => k.startsWith('v1/alert/'));
    const [digestKey] = Object.keys(first).filter((k) => k.startsWith(NOTICE_DIGEST_PREFIX));
    const damage: StoredChange[] = [
      { key: contactKey!, newValue: [6, 'not a contact'] },
      { key: alertKey!, newValue: { id: 'nope' } },
      { key: digestKey!, newValue: 'garbage' },
      { key: SETTINGS_KEY, newValue: { disabledSites: 'all' } },
    ];
    const start = holdRecords(first);
    const damaged = applyChanges(start, damage);
    const snapshot = snapshotOf(damaged.held, { snapshot: snapshotOf(start), touched: damaged.touched });
    expect(snapshot.unreadable).toBe(3);
    expect(shown(snapshot)).toEqual(shown(fullRead(withChanges(first, damage))));
    // A damaged settings record reads as every site on, as the full read does; the list of sites follows.
    expect(snapshot.settings.disabledSites).toEqual([]);
    expect(snapshot.sites).not.toContain('https://off.example');

    const mended = applyChanges(damaged.held, [
      { key: contactKey!, newValue: first[contactKey!] },
      { key: alertKey!, newValue: undefined },
      { key: digestKey!, newValue: first[digestKey!] },
    ]);
    const after = snapshotOf(mended.held, { snapshot, touched: mended.touched });
    expect(after.unreadable).toBe(0);
    expect(after.contacts).toHaveLength(snapshotOf(start).contacts.length);
    expect(after.alerts.some((a) => `v1/alert/${a.id}` === alertKey)).toBe(false);
  });

  it('shows an empty store once every record is removed (the store cleared)', () => {
    const cleared = Object.keys(first).map((key) => ({ key, newValue: undefined }));
    const start = holdRecords(first);
    const next = applyChanges(start, cleared);
    expect(snapshotOf(next.held, { snapshot: snapshotOf(start), touched: next.touched })).toEqual({
      contacts: [],
      alerts: [],
      digests: [],
      settings: { disabledSites: [] },
      sites: [],
      unreadable: 0,
    });
  });

  it('leaves the records it started from as they were, and keeps the lists no change touched', () => {
    const start: RecordsHeld = holdRecords(first);
    const before = snapshotOf(start);
    const [alertKey] = Object.keys(first).filter((k) => k.startsWith('v1/alert/'));
    const next = applyChanges(start, [
      { key: alertKey!, newValue: undefined },
      { key: 'v2/roster/anything', newValue: [1, 2, 3] },
    ]);
    expect([...next.touched]).toEqual(['alerts']);
    expect(snapshotOf(start)).toEqual(before);
    const after = snapshotOf(next.held, { snapshot: before, touched: next.touched });
    expect(after.alerts).toHaveLength(before.alerts.length - 1);
    expect(after.contacts).toBe(before.contacts);
    expect(after.digests).toBe(before.digests);
    expect(after.sites).toBe(before.sites);
  });

  it('ignores changes to records it does not show', () => {
    const start = holdRecords(first);
    const next = applyChanges(start, [
      { key: 'v5/summary', newValue: undefined },
      { key: 'v2/roster/x', newValue: 'damaged but not shown' },
    ]);
    expect(next.touched.size).toBe(0);
    expect(next.held).toEqual(start);
  });
});

describe('following the store', () => {
  it('applies the changes heard while the full read was on its way over it, whatever the read already held', () => {
    const changes = changesBetween(first, second, new Random(11));
    const half = Math.floor(changes.length / 2);
    const follower = new StoreFollower();
    // Heard before the read is in: nothing to apply yet.
    expect(follower.heard(changes.slice(0, half))).toBe(false);
    expect(follower.applyHeard()).toBeNull();
    // The read saw the first few of them already.
    const read = withChanges(first, changes.slice(0, 10));
    expect(shown(follower.readIn(read))).toEqual(shown(fullRead(withChanges(first, changes.slice(0, half)))));
    expect(follower.heard(changes.slice(half))).toBe(true);
    expect(shown(follower.applyHeard()!)).toEqual(shown(fullRead(second)));
  });

  it('keeps the last of several changes to one key, and says when nothing shown changed', () => {
    const follower = new StoreFollower();
    const opened = follower.readIn(first);
    const [contactKey] = Object.keys(first).filter((k) => k.startsWith(CONTACT_PREFIX));
    expect(follower.heard([{ key: 'v5/summary', newValue: undefined }])).toBe(false);
    expect(follower.applyHeard()).toBeNull();
    follower.heard([{ key: contactKey!, newValue: undefined }]);
    follower.heard([{ key: contactKey!, newValue: 'damaged' }]);
    follower.heard([{ key: contactKey!, newValue: first[contactKey!] }]);
    const after = follower.applyHeard()!;
    expect(after.contacts).toEqual(opened.contacts);
    expect(after.unreadable).toBe(0);
    expect(follower.applyHeard()).toBeNull();
  });
});
