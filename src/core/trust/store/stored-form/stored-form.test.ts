import { describe, expect, it } from 'vitest';
import v0Store from '../../testing/fixtures/store-v0.json';
import v1Store from '../../testing/fixtures/store-v1.json';
import v2Store from '../../testing/fixtures/store-v2.json';
import v3Store from '../../testing/fixtures/store-v3.json';
import v5Store from '../../testing/fixtures/store-v5.json';
import { buildYearOfUse } from '../../testing/year-of-use/year-of-use';
import { planMigration } from '../migrations/plan-migration';
import { validateRecordAt } from '../read-record';
import type { QuarantineRecord } from '../record-schemas';
import { alertKey, contactKey, CURRENT_SCHEMA_VERSION, parseStorageKey, SCHEMA_KEY, SUMMARY_KEY, USAGE_TOTAL_KEY } from '../storage-keys';
import { decodeStore, decodeStored, encodeStore, encodeStored } from './stored-form';

type Store = Record<string, unknown>;
const END = Date.UTC(2026, 5, 1);
const clone = (s: unknown): Store => JSON.parse(JSON.stringify(s)) as Store;
const COMPACT_KINDS = new Set(['contact', 'roster-chunk', 'alert']);
const isCompactKind = (key: string) => COMPACT_KINDS.has(parseStorageKey(key).kind);
const chars = (store: Store, keys = Object.keys(store)) => keys.reduce((n, k) => n + k.length + JSON.stringify(store[k]).length + 4, 0);

/** storage.local as the background keeps it: written through the border (encoded), then a remove. */
function write(storage: Store, plan: { writes: Store; deletes: readonly string[] }): Store {
  const next = { ...storage, ...clone(encodeStore(plan.writes)) };
  for (const k of plan.deletes) if (!Object.hasOwn(plan.writes, k)) delete next[k];
  return next;
}

/** The full check as the background runs it on what storage.local holds: decoded, planned, written encoded. */
function fullCheck(storage: Store, now: number) {
  const plan = planMigration(decodeStore(storage), now);
  if (!plan.ok) throw new Error(plan.reason);
  return { plan, storage: write(storage, plan) };
}

/** Each record as every reader sees it (validated), by key. */
function validated(store: Store): Store {
  const out: Store = {};
  for (const [k, value] of Object.entries(store)) {
    const read = validateRecordAt(k, value);
    out[k] = read.status === 'ok' ? read.value : read.status === 'corrupt' ? `corrupt: ${read.reason}` : value;
  }
  return out;
}

const year = buildYearOfUse({ scale: 0.02, end: END }).store;

describe('the compact stored form', () => {
  it('reads back every contact, roster chunk and alert of a year of use exactly, after a trip through JSON', () => {
    const stored = clone(encodeStore(year));
    const compact = Object.keys(year).filter(isCompactKind);
    expect(compact.length).toBeGreaterThan(500);
    for (const k of compact) expect(Array.isArray(stored[k]), k).toBe(true);
    for (const k of Object.keys(year)) if (!isCompactKind(k)) expect(stored[k]).toEqual(year[k]);
    expect(validated(decodeStore(stored))).toEqual(validated(year));
  });

  it('takes under 70% of the characters of the records it holds', () => {
    const stored = encodeStore(year);
    const compact = Object.keys(year).filter(isCompactKind);
    expect(chars(stored, compact) / chars(year, compact)).toBeLessThan(0.7);
  });

  it('keeps a record that does not fit the form exactly as it is: another contact than its key, an unknown field, a bad key', () => {
    const k = Object.keys(year).find((key) => parseStorageKey(key).kind === 'contact')!;
    const contact = year[k] as Record<string, unknown>;
    const misfits = [
      { ...contact, contactId: 'someone else' },
      { ...contact, extra: 1 },
      { ...contact, currentKey: { algorithm: 'x25519', key: 'AAAA' } },
      'not a record',
      null,
    ];
    for (const misfit of misfits) {
      expect(encodeStored(k, misfit)).toBe(misfit);
      expect(decodeStored(k, misfit)).toBe(misfit);
    }
    const a = Object.keys(year).find((key) => parseStorageKey(key).kind === 'alert')!;
    expect(encodeStored(a, { ...(year[a] as object), id: 'f'.repeat(32) })).toEqual({ ...(year[a] as object), id: 'f'.repeat(32) });
  });

  it('reads a compact value that does not decode as found, so the check sets it aside exactly as stored', () => {
    const k = Object.keys(year).find((key) => parseStorageKey(key).kind === 'contact')!;
    for (const damaged of [
      [CURRENT_SCHEMA_VERSION, 'x'],
      [CURRENT_SCHEMA_VERSION, 'Eve', 1, 2, [['zAAAA', 1, 2]], 0, [], [], 'first-seen', 1, null],
    ]) {
      expect(decodeStored(k, damaged)).toBe(damaged);
      expect(validateRecordAt(k, decodeStored(k, damaged)).status).toBe('corrupt');
    }
  });
});

describe('version 5 → 6 through the background border', () => {
  const earlier: [string, Store][] = [
    ['0', clone(v0Store)],
    ['1', clone(v1Store)],
    ['2', clone(v2Store)],
    ['3', clone(v3Store)],
    ['4', { ...clone(v5Store), [SCHEMA_KEY]: { version: 4 } }],
    ['5', clone(v5Store)],
  ];

  it.each(earlier)(
    'a version %s store ends at version 6 with every contact, roster chunk and alert compact, as version 5 would read it',
    (_, before) => {
      const recordsBefore = planMigration(before, END);
      if (!recordsBefore.ok) throw new Error(recordsBefore.reason);
      const { plan, storage } = fullCheck(before, END);
      expect(plan).toMatchObject({ from: Number(_), to: CURRENT_SCHEMA_VERSION });
      expect(storage[SCHEMA_KEY]).toEqual({ version: CURRENT_SCHEMA_VERSION });
      expect(storage.options ?? null).toEqual(before.options ?? null);
      const owned = Object.keys(storage).filter(isCompactKind);
      expect(owned.length).toBeGreaterThan(0);
      for (const k of owned) expect(Array.isArray(storage[k]), k).toBe(true);
      // The records are those the same check makes of the store without the border.
      const plain = { ...before, ...recordsBefore.writes };
      for (const k of recordsBefore.deletes) delete plain[k];
      const read = validated(decodeStore(storage));
      const expected = validated(plain);
      delete read[SUMMARY_KEY];
      delete expected[SUMMARY_KEY];
      expect(read).toEqual(expected);
      // A second check finds nothing to change but the time it checked.
      const again = fullCheck(storage, END + 1);
      expect(Object.keys(again.plan.writes).filter((k) => k !== SUMMARY_KEY && k !== USAGE_TOTAL_KEY)).toEqual([]);
      expect(again.plan.deletes).toEqual([]);
    },
  );

  it('a version 5 store takes under 75% of its characters at version 6', () => {
    const { storage } = fullCheck(clone(v5Store), END);
    expect(chars(storage) / chars(v5Store)).toBeLessThan(0.75);
  });

  it('a version 6 store with damaged compact records: each set aside as stored, with its alert, the rest read', () => {
    const { storage } = fullCheck(clone(v5Store), END);
    const contact = Object.keys(storage).find((k) => parseStorageKey(k).kind === 'contact')!;
    const alert = Object.keys(storage).find((k) => parseStorageKey(k).kind === 'alert')!;
    const damagedContact = [CURRENT_SCHEMA_VERSION, 'Eve', 'yesterday'];
    const [form, fields] = storage[alert] as [number, Record<string, unknown>];
    const damagedAlert = [form, { ...fields, state: 'closed' }];
    const damaged = { ...storage, [contact]: damagedContact, [alert]: damagedAlert };
    const { plan, storage: after } = fullCheck(damaged, END + 1);
    expect(plan.problems.map((p) => p.key).sort()).toEqual([alert, contact].sort());
    expect(after).not.toHaveProperty([contact]);
    expect(after).not.toHaveProperty([alert]);
    const setAside = Object.values(after).filter((v) => (v as QuarantineRecord)?.originalKey !== undefined) as QuarantineRecord[];
    expect(setAside.find((q) => q.originalKey === contact)?.value).toEqual(damagedContact);
    expect(setAside.find((q) => q.originalKey === alert)?.value).toEqual({
      ...(decodeStored(alert, storage[alert]) as object),
      state: 'closed',
    });
    expect(plan.alerts.map((a) => a.recordKey).sort()).toEqual([alert, contact].sort());
    for (const k of Object.keys(after).filter((k) => k !== contact && isCompactKind(k)))
      expect(validateRecordAt(k, decodeStored(k, after[k])).status, k).toBe('ok');
  });

  it('leaves a contact stored under another name than its record as found, for the check to set aside', () => {
    const { storage } = fullCheck(clone(v5Store), END);
    const k = Object.keys(storage).find((key) => parseStorageKey(key).kind === 'contact')!;
    const record = decodeStored(k, storage[k]) as Record<string, unknown>;
    const elsewhere = contactKey(record.origin as string, record.account as string, 'someone-else');
    const { plan } = fullCheck({ ...storage, [elsewhere]: record }, END + 1);
    expect(plan.problems.map((p) => p.key)).toEqual([elsewhere]);
    expect(alertKey('0'.repeat(32))).toMatch(/^v1\/alert\//);
  });
});
