// Fuzz: at least 10,000 malformed or damaged inputs per run through planIngest,
// with snapshots that are valid, slightly broken or pure junk, against stores
// whose records (contacts, conversations, roster chunks, alerts) are valid,
// slightly broken, pure junk or missing. Whatever comes in: no throw; every
// write is a valid record; every record replaced or removed was either valid
// and is rewritten validly without losing a key, or damaged and is copied
// verbatim to quarantine first, or a roster chunk no longer counted; every
// refusal, quarantine and missing record has a reason.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { junk, mutateAt, snapshotArb } from '../testing/arbitraries';
import { planIngest } from './ingest';
import { recordsReader, validateRecordAt } from '../store/read-record';
import type { ContactRecord, ConversationRecord, QuarantineRecord } from '../store/record-schemas';
import { parseStorageKey, SCHEMA_KEY } from '../store/storage-keys';
import { readConversation } from '../store/conversation-read';
import { emptyStore, ingest, person, snapshot, storeReader, T0, type Store } from '../testing/test-support';

const FUZZ_RUNS = 10_000;

// A few realistic stores to damage, built once.
const baseStores: Store[] = (() => {
  const alice = person('alice', 1);
  const a = ingest(emptyStore(), snapshot([alice, person('bob', 2), person('carol', 3)]), T0).store;
  const b = ingest(a, snapshot([alice, person('bob', 9), person('dan', 4, { shown: false })]), T0 + 60_000).store;
  const c = ingest(
    b,
    snapshot([alice, person('erin', 5)], { conversation: { id: 'dm', title: 'Erin', kind: 'direct' } }),
    T0 + 120_000,
  ).store;
  // A crowded team: 33 people fill two roster chunks, which a small snapshot shrinks back to one.
  const crowd = Array.from({ length: 30 }, (_, i) => person(`member${i}`, 100 + i));
  const d = ingest(emptyStore(), snapshot([alice, person('bob', 2), person('carol', 3), ...crowd]), T0).store;
  return [emptyStore(), a, b, c, d];
})();

const snapshotInput = fc.oneof(
  { weight: 4, arbitrary: snapshotArb },
  {
    weight: 4,
    arbitrary: fc
      .tuple(snapshotArb, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), junk)
      .map(([s, path, value]) => mutateAt(s, path, value)),
  },
  { weight: 1, arbitrary: junk },
);

const storeInput = fc
  .tuple(
    fc.constantFrom(...baseStores),
    fc.array(fc.tuple(fc.nat(), fc.array(fc.nat(), { maxLength: 4 }), junk), { maxLength: 4 }),
    fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    fc.option(fc.nat(), { freq: 4 }),
  )
  .map(([base, damage, keepSchema, lost]) => {
    const store: Store = { ...base };
    const keys = Object.keys(store);
    // Damage aims at the records an ingest of the small world reads: not the crowd's contacts.
    const targets = keys.filter((k) => !k.includes('|member'));
    for (const [which, path, value] of damage) {
      const k = targets[which % targets.length]!;
      store[k] = mutateAt(store[k], path, value);
    }
    if (lost !== null) delete store[targets[lost % targets.length]!];
    if (!keepSchema) store[SCHEMA_KEY] = mutateAt(store[SCHEMA_KEY], [0], 'one');
    return store;
  });

const nowInput = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: T0, max: T0 + 10 ** 9 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, -1, Infinity) },
);

/** The plan, and the records it read, straight from the store (no JSON round trip: junk stays junk). */
function planOn(store: Store, s: unknown, now: number) {
  const asked = new Set<string>();
  const read = recordsReader(store);
  const plan = planIngest(s, (key) => (asked.add(key), read(key)), now);
  const records: Store = Object.fromEntries([...asked].filter((k) => Object.hasOwn(store, k)).map((k) => [k, store[k]]));
  return { plan, records };
}

/** The conversation record of a plan, and the chunk count it had before. */
function chunkCounts(
  plan: { writes: Record<string, unknown>; conversationKey: string },
  records: Store,
): { before: number; after: number } {
  const stored = records[plan.conversationKey] as ConversationRecord | undefined;
  const written = plan.writes[plan.conversationKey] as ConversationRecord | undefined;
  const before = validateRecordAt(plan.conversationKey, stored).status === 'ok' ? stored!.rosterChunks : 0;
  return { before, after: written?.rosterChunks ?? before };
}

describe('ingest fuzz', () => {
  it(`survives ${FUZZ_RUNS} malformed snapshots and damaged stores without losing or corrupting a record`, () => {
    let refused = 0;
    let quarantined = 0;
    let missing = 0;
    let shrunk = 0;
    fc.assert(
      fc.property(snapshotInput, storeInput, nowInput, (s, store, now) => {
        const { plan, records } = planOn(store, s, now);
        if (!plan.ok) {
          refused += 1;
          expect(plan.reason).toMatch(/refused: \S/);
          expect(plan).not.toHaveProperty('writes');
          return;
        }
        for (const [k, v] of Object.entries(plan.writes)) expect(validateRecordAt(k, v).status).toBe('ok');
        const copies = Object.values(plan.writes).filter((w): w is QuarantineRecord => Object.hasOwn(w as object, 'originalKey'));
        const absent = plan.problems.filter((p) => p.reason.startsWith('missing:'));
        expect(plan.problems).toHaveLength(copies.length + absent.length);
        for (const p of plan.problems) expect(p.reason.length).toBeGreaterThan(0);
        for (const p of absent) {
          // Only a roster chunk its conversation counts can be missing, and it is written again.
          expect(parseStorageKey(p.key).kind).toBe('roster-chunk');
          expect(records[p.key]).toBeUndefined();
          expect(Object.hasOwn(plan.writes, p.key) || Object.hasOwn(plan.writes, plan.conversationKey)).toBe(true);
        }
        quarantined += copies.length;
        missing += absent.length;

        for (const k of [...Object.keys(plan.writes), ...plan.deletes]) {
          if (!Object.hasOwn(records, k) || records[k] === undefined) continue; // undefined is absent, as in storage
          const before = validateRecordAt(k, records[k]);
          if (before.status === 'corrupt') {
            // A damaged record is copied exactly, with the reason it was refused.
            expect(copies.some((c) => c.originalKey === k && Object.is(c.value, records[k]) && c.reason === before.reason)).toBe(true);
          } else if (k.startsWith('v1/contact/') && before.status === 'ok') {
            const kept = new Set((plan.writes[k] as ContactRecord).keys.map((x) => x.key.key));
            for (const x of (before.value as ContactRecord).keys) expect(kept.has(x.key.key)).toBe(true);
          }
        }
        const counts = chunkCounts(plan, records);
        for (const k of plan.deletes) {
          expect(Object.hasOwn(plan.writes, k)).toBe(false);
          const where = parseStorageKey(k);
          const obsolete = where.kind === 'roster-chunk' && where.index >= counts.after && where.index < counts.before;
          expect(copies.some((c) => c.originalKey === k) || obsolete).toBe(true);
          if (obsolete) shrunk += 1;
        }
        // Whatever was damaged or missing, the conversation written reads back whole, with the snapshot's people in order.
        if (
          Object.hasOwn(plan.writes, plan.conversationKey) ||
          Object.keys(plan.writes).some((k) => parseStorageKey(k).kind === 'roster-chunk')
        ) {
          const after = { ...records, ...plan.writes };
          for (const k of plan.deletes) delete after[k];
          const read = readConversation(recordsReader(after), plan.conversationKey);
          expect(read.status === 'ok' && read.problems).toEqual([]);
          if (read.status === 'ok')
            expect(read.value.roster.map((m) => m.id)).toEqual((s as { participants: { id: string }[] }).participants.map((p) => p.id));
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
    // The generators really exercise both paths.
    expect(refused).toBeGreaterThan(FUZZ_RUNS / 20);
    expect(quarantined).toBeGreaterThan(FUZZ_RUNS / 20);
    expect(missing).toBeGreaterThan(FUZZ_RUNS / 200);
    expect(shrunk).toBeGreaterThan(FUZZ_RUNS / 200);
  });

  it('gives the same plan for a store read through JSON, as the browser returns it', () => {
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom(...baseStores), (s, store) => {
        const direct = planIngest(s, recordsReader(store), T0 + 10 ** 9);
        const viaJson = planIngest(s, storeReader(store), T0 + 10 ** 9);
        expect(JSON.parse(JSON.stringify(viaJson))).toEqual(JSON.parse(JSON.stringify(direct)));
      }),
      { numRuns: 100 },
    );
  });
});
