// The plain-record fast path (record-plain.ts) against the schema: for records
// as the plans write them and for every kind of damage to them, reading gives
// the same verdict, the same reason and an equal value (fields in the same
// order) as the schema alone; and every record the plans write takes the fast path.

import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { planAcknowledge } from '../actions/acknowledge';
import { planMarkVerified } from '../actions/mark-verified';
import { junk, mutateAt } from '../testing/arbitraries';
import {
  ACCOUNT,
  applyPlan,
  emptyStore,
  ingest,
  key,
  ORIGIN,
  person,
  snapshot,
  storeReader,
  T0,
  type Store,
} from '../testing/test-support';
import { deepFreeze, describeIssues, readValue, schemaForKey } from './read-record';
import { isPlainRecord } from './record-plain';
import {
  AlertRecordSchema,
  ContactRecordSchema,
  ConversationRecordSchema,
  RosterChunkRecordSchema,
  type AlertRecord,
} from './record-schemas';

const FAST_PATH_SCHEMAS: readonly unknown[] = [ContactRecordSchema, ConversationRecordSchema, RosterChunkRecordSchema, AlertRecordSchema];

/** A store with every kind of record the fast path knows: verified contacts, key changes, open and acknowledged alerts. */
const store: Store = (() => {
  const alice = person('alice', 1);
  let s = ingest(emptyStore(), snapshot([alice, person('bob', 2), person('carol', 3)]), T0).store;
  s = ingest(s, snapshot([alice, person('bob', 9), person('dan', 4, { shown: false })]), T0 + 60_000).store;
  const verified = planMarkVerified(
    storeReader(s),
    { origin: ORIGIN, account: ACCOUNT, contactId: 'carol', key: key(3), method: 'scanned' },
    T0 + 61_000,
  );
  if (verified.ok) s = applyPlan(s, verified);
  const open = Object.values(s).find((r) => (r as AlertRecord).state === 'open') as AlertRecord | undefined;
  const acknowledged = open && planAcknowledge(storeReader(s), open.id, T0 + 62_000);
  if (acknowledged?.ok) s = applyPlan(s, acknowledged);
  const crowd = Array.from({ length: 40 }, (_, i) => person(`member${i}`, 100 + i));
  s = ingest(s, snapshot([alice, ...crowd]), T0 + 120_000).store;
  // As storage gives them back.
  return JSON.parse(JSON.stringify(s)) as Store;
})();

const records = Object.entries(store).filter(([k]) => FAST_PATH_SCHEMAS.includes(schemaForKey(k)));

/** What the schema alone says of `value` under `key` (the reading before the fast path). */
function bySchemaAlone(key: string, value: unknown): { status: string; reason?: string; value?: unknown } {
  const schema = schemaForKey(key)!;
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) return { status: 'corrupt', reason: describeIssues(parsed.issues) };
  // The key check is shared by both paths: run it on the schema's copy.
  const result = readValue(key, structuredClone(parsed.output), schema);
  return result.status === 'ok' ? { status: 'ok', value: parsed.output } : result;
}

/** Values just inside and just outside the schemas' limits. */
const nearMiss = fc.constantFrom(
  -0,
  -1,
  0,
  1.5,
  2 ** 53,
  1024,
  1025,
  3,
  Number.NaN,
  Infinity,
  '',
  'x'.repeat(4096),
  'x'.repeat(4097),
  'A'.repeat(256),
  'A'.repeat(257),
  'A=A',
  'signed',
  'verified',
  'ed25519',
  'open',
  'acknowledged',
  'user',
  '0123456789abcdef0123456789abcdef',
  true,
  null,
  undefined,
  [],
  {},
  Object.create(null),
  new (class Other {})(),
);

type Change = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'extra' } | { kind: 'getter' } | { kind: 'reorder' };

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(nearMiss, junk).map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 1, arbitrary: fc.constantFrom<Change>({ kind: 'delete' }, { kind: 'extra' }, { kind: 'getter' }, { kind: 'reorder' }) },
);

/** `value` with one change to the object or array that `path` leads to (or to a field of it). */
function changed(value: unknown, path: readonly number[], change: Change): unknown {
  if (change.kind === 'replace') return mutateAt(value, path, change.value);
  if (value === null || typeof value !== 'object') return value;
  const fields = Object.keys(value);
  const [head, ...rest] = path;
  const field = fields.length > 0 && head !== undefined ? fields[head % fields.length]! : undefined;
  const inner = field === undefined ? undefined : (value as Record<string, unknown>)[field];
  if (field !== undefined && rest.length > 0 && inner !== null && typeof inner === 'object') {
    const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
    copy[field] = changed(inner, rest, change);
    return copy;
  }
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  if (change.kind === 'extra') copy.extra = 1;
  else if (field === undefined) return copy;
  else if (change.kind === 'delete') delete copy[field];
  else if (change.kind === 'getter') Object.defineProperty(copy, field, { get: () => inner, enumerable: true });
  else {
    delete copy[field];
    copy[field] = inner; // now last
  }
  return copy;
}

describe('reading a plain record without copying it', () => {
  it('takes the fast path for every record the plans write', () => {
    expect(records.length).toBeGreaterThan(10);
    const kinds = new Set(records.map(([k]) => schemaForKey(k)));
    expect(kinds.size).toBe(FAST_PATH_SCHEMAS.length);
    for (const [k, value] of records) expect(isPlainRecord(schemaForKey(k)!, value), k).toBe(true);
  });

  it('is safe to hand out: plans change nothing they read (a cold read now gives the stored object itself)', () => {
    const frozen = deepFreeze(structuredClone(store));
    const plans = (s: Store) => {
      const changedKeys = snapshot([person('alice', 1), person('bob', 10), person('carol', 3), person('erin', 5)]);
      const next = ingest(s, changedKeys, T0 + 200_000);
      const open = Object.values(next.store).find((r) => (r as AlertRecord).state === 'open') as AlertRecord;
      return [
        next.plan,
        planMarkVerified(
          storeReader(next.store),
          { origin: ORIGIN, account: ACCOUNT, contactId: 'bob', key: key(10), method: 'typed' },
          T0 + 201_000,
        ),
        planAcknowledge(storeReader(next.store), open.id, T0 + 202_000),
      ];
    };
    expect(plans(frozen)).toEqual(plans(structuredClone(store)));
  });

  it('gives the verdict, reason and value the schema alone gives, whatever the damage', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...records),
        fc.array(fc.nat(), { maxLength: 5 }),
        changeArb,
        fc.boolean(),
        ([k, record], path, change, elsewhere) => {
          const damaged = changed(record, path, change);
          if (damaged === undefined) return; // no record at all: absent, whichever path
          // Sometimes a sound record stored under another record's key.
          const at = elsewhere ? records[(path[0] ?? 0) % records.length]![0] : k;
          const expected = bySchemaAlone(at, damaged);
          const result = readValue(at, damaged, schemaForKey(at)!);
          expect(result.status).toBe(expected.status);
          if (result.status === 'corrupt') expect(result.reason).toBe(expected.reason);
          else if (result.status === 'ok') {
            expect(result.value).toStrictEqual(expected.value);
            expect(JSON.stringify(result.value)).toBe(JSON.stringify(expected.value));
          }
          // Taken as it is only when the schema's copy would equal it.
          if (isPlainRecord(schemaForKey(at)!, damaged) && result.status === 'ok') expect(result.value).toBe(damaged);
          else if (result.status === 'ok') expect(result.value).not.toBe(damaged);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
