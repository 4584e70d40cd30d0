// Ingest with the roster in chunks: a change touching a few members rewrites
// their chunks only; the count changes with the roster's size (and only then
// is every chunk rewritten); a damaged, missing or misfit chunk is set aside or
// reported, rewritten, and never spoils the others.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParticipantView } from '../../roster';
import { readConversation } from '../store/conversation-read';
import { recordsReader } from '../store/read-record';
import { englishText } from '../testing/english';
import type { AlertRecord, ConversationRecord, QuarantineRecord, RosterChunkRecord } from '../store/record-schemas';
import { validateRecordAt } from '../store/read-record';
import { chunkIndexOf } from '../store/roster-chunks';
import { POSITION_STEP } from '../store/roster-positions';
import { conversationKey, parseStorageKey, ROSTER_PREFIX, rosterChunkKey } from '../store/storage-keys';
import {
  ACCOUNT,
  conversationIn,
  device,
  emptyStore,
  ingest,
  MINUTE,
  ORIGIN,
  person,
  snapshot,
  T0,
  type Store,
} from '../testing/test-support';

const convKey = conversationKey(ORIGIN, ACCOUNT, 'team');
const chunkKey = (i: number) => rosterChunkKey(ORIGIN, ACCOUNT, 'team', i);
const crowd = (n: number, from = 1) => Array.from({ length: n }, (_, i) => person(`m${from + i}`, 1000 + from + i));
const alice = person('alice', 1);
const chunkWrites = (writes: Record<string, unknown>) =>
  Object.keys(writes)
    .filter((k) => k.startsWith(ROSTER_PREFIX))
    .sort();
const ids = (store: Store) => conversationIn(store, convKey).roster.map((m) => m.id);
const withDevice = (p: ParticipantView, n: number): ParticipantView => ({ ...p, devices: [...p.devices, device(`${p.id}-laptop`, n)] });
/** Each stored member's position, from the roster's chunks. */
const storedPositions = (store: Store) =>
  new Map(
    Object.entries(store)
      .filter(([k]) => k.startsWith(ROSTER_PREFIX))
      .flatMap(([, chunk]) => (chunk as RosterChunkRecord).members.map((m) => [m.id, m.position] as const)),
  );

describe('a 1,000-person roster in chunks', () => {
  const people = [alice, ...crowd(999)];
  const base = ingest(emptyStore(), snapshot(people), T0).store;
  const soon = T0 + MINUTE;

  it('is stored in 32 chunks of about 32 members, in the page order', () => {
    expect((base[convKey] as ConversationRecord).rosterChunks).toBe(32);
    expect(ids(base)).toEqual(people.map((p) => p.id));
    const sizes = Array.from({ length: 32 }, (_, i) => (base[chunkKey(i)] as RosterChunkRecord).members.length);
    expect(Math.max(...sizes)).toBeLessThan(64);
  });

  it('rewrites one chunk of a few kilobytes, not the roster, when one person gets a device', () => {
    const changed = people.map((p) => (p.id === 'm500' ? withDevice(p, 77) : p));
    const { plan, store } = ingest(base, snapshot(changed), soon);
    expect(chunkWrites(plan.writes)).toEqual([chunkKey(chunkIndexOf('m500', 32))]);
    expect(plan.writes).not.toHaveProperty([convKey]);
    expect(JSON.stringify(plan.writes).length).toBeLessThan(40_000);
    expect(plan.alerts.map((a) => a.rule)).toEqual(['device-added']);
    expect(conversationIn(store, convKey).roster[500]!.devices.map((d) => d.id)).toEqual(['m500-phone', 'm500-laptop']);
  });

  it('rewrites only the chunks of people who join, leave or move, and keeps the page order', () => {
    const joined = [...people.slice(0, 300), person('newcomer', 5), ...people.slice(300)];
    const a = ingest(base, snapshot(joined), soon);
    expect(chunkWrites(a.plan.writes)).toEqual([chunkKey(chunkIndexOf('newcomer', 32))]);
    expect(ids(a.store)).toEqual(joined.map((p) => p.id));

    const left = joined.filter((p) => p.id !== 'm10');
    const b = ingest(a.store, snapshot(left), soon + 1);
    expect(chunkWrites(b.plan.writes)).toEqual([chunkKey(chunkIndexOf('m10', 32))]);
    expect(b.plan.alerts.map((x) => x.rule)).toEqual(['participant-removed']);

    const moved = [left[700]!, ...left.slice(0, 700), ...left.slice(701)];
    const c = ingest(b.store, snapshot(moved), soon + 2);
    expect(chunkWrites(c.plan.writes)).toEqual([chunkKey(chunkIndexOf(left[700]!.id, 32))]);
    expect(ids(c.store)).toEqual(moved.map((p) => p.id));
    expect(c.plan.alerts).toEqual([]);
  });

  it('rewrites the conversation record alone when only its own fields change', () => {
    const { plan } = ingest(base, snapshot(people, { conversation: { id: 'team', title: 'Renamed', kind: 'group' } }), soon);
    expect(chunkWrites(plan.writes)).toEqual([]);
    expect(plan.writes[convKey]).toMatchObject({ title: 'Renamed', rosterChunks: 32 });
  });
});

describe('the chunk count follows the roster size', () => {
  it('grows: every chunk is written for the new count', () => {
    const small = ingest(emptyStore(), snapshot([alice, ...crowd(20)]), T0).store;
    expect((small[convKey] as ConversationRecord).rosterChunks).toBe(1);
    const { plan, store } = ingest(small, snapshot([alice, ...crowd(199)]), T0 + MINUTE);
    expect(plan.writes[convKey]).toMatchObject({ rosterChunks: 8 });
    expect(chunkWrites(plan.writes)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map(chunkKey).sort());
    expect(plan.deletes).toEqual([]);
    expect(ids(store)).toEqual(['alice', ...crowd(199).map((p) => p.id)]);
  });

  it('shrinks: the chunks beyond the new count are removed after the writes', () => {
    const big = ingest(emptyStore(), snapshot([alice, ...crowd(199)]), T0).store;
    const { plan, store } = ingest(big, snapshot([alice, ...crowd(10)]), T0 + MINUTE);
    expect(plan.writes[convKey]).toMatchObject({ rosterChunks: 1 });
    expect(chunkWrites(plan.writes)).toEqual([chunkKey(0)]);
    expect(plan.deletes.sort()).toEqual([1, 2, 3, 4, 5, 6, 7].map(chunkKey).sort());
    expect(Object.keys(store).filter((k) => k.startsWith(ROSTER_PREFIX))).toEqual([chunkKey(0)]);
    expect(ids(store)).toEqual(['alice', ...crowd(10).map((p) => p.id)]);
  });

  it('holds steady while the roster hovers around a threshold', () => {
    let store = ingest(emptyStore(), snapshot([alice, ...crowd(64)]), T0).store; // 65 people: 4 chunks
    for (const size of [63, 64, 40, 64, 200]) {
      const { plan, store: next } = ingest(store, snapshot([alice, ...crowd(size)]), T0 + size);
      expect((next[convKey] as ConversationRecord).rosterChunks).toBe(4);
      expect(plan.deletes).toEqual([]);
      store = next;
    }
  });
});

describe('damaged, missing and misfit chunks', () => {
  const people = [alice, ...crowd(99)]; // 4 chunks
  const base = ingest(emptyStore(), snapshot(people), T0).store;
  const victim = chunkIndexOf('m42', 4);
  const inVictim = people.filter((p) => chunkIndexOf(p.id, 4) === victim).map((p) => p.id);
  const later = T0 + MINUTE;

  function check(store: Store, recordKey: string, quarantined: boolean) {
    // Everyone in the lost chunk is unknown: not reported added; everyone else is known: nothing to report.
    const { plan, store: after } = ingest(store, snapshot(people), later);
    expect(plan.alerts.map((a) => a.rule)).toEqual(['record-corrupt']);
    expect(plan.alerts[0]).toMatchObject({ recordKey, conversationId: 'team' });
    expect(plan.alerts[0]!.quarantineKey === null).toBe(!quarantined);
    expect(plan.problems.map((p) => p.key)).toEqual([recordKey]);
    expect(chunkWrites(plan.writes)).toEqual([recordKey]);
    expect(ids(after)).toEqual(people.map((p) => p.id));
    for (const [k, v] of Object.entries(plan.writes)) expect(validateRecordAt(k, v).status).toBe('ok');
    // And the next snapshot finds everything in order again.
    expect(ingest(after, snapshot(people), later + 1).plan).toMatchObject({ writes: {}, alerts: [], problems: [] });
    return plan;
  }

  it('sets a damaged chunk aside, raises record-corrupt and rewrites it; the others are used as they are', () => {
    const broken = { ...base, [chunkKey(victim)]: { ...(base[chunkKey(victim)] as object), members: 'lost' } };
    const plan = check(broken, chunkKey(victim), true);
    const copy = Object.values(plan.writes).find((w) => (w as QuarantineRecord).originalKey === chunkKey(victim)) as QuarantineRecord;
    expect(copy.value).toEqual(broken[chunkKey(victim)]);
    expect(plan.deletes).toEqual([]); // replaced, not deleted
    expect(inVictim.length).toBeGreaterThan(5);
  });

  it('reports a missing chunk with nothing to set aside, and writes it again', () => {
    const missing = { ...base };
    delete missing[chunkKey(victim)];
    const plan = check(missing, chunkKey(victim), false);
    expect(englishText(plan.alerts[0]!).summary).toMatch(/^A saved record is missing \(missing: the conversation counts 4 roster chunks\)/);
  });

  it('sets aside a chunk cut for another count, though it is valid alone', () => {
    const other = ingest(emptyStore(), snapshot(people.slice(0, 40)), T0).store; // 2 chunks
    const misfit = { ...base, [chunkKey(1)]: other[chunkKey(1)] };
    const plan = check(misfit, chunkKey(1), true);
    expect(plan.problems[0]!.reason).toBe('the chunk belongs to a roster in 2 chunks, the conversation has 4');
  });

  it('does not report the people of a lost chunk as new, but does report real newcomers elsewhere', () => {
    const missing = { ...base };
    delete missing[chunkKey(victim)];
    const outsider = Array.from({ length: 50 }, (_, i) => `new${i}`).find((id) => chunkIndexOf(id, 4) !== victim)!;
    const insider = Array.from({ length: 50 }, (_, i) => `new${i}`).find((id) => chunkIndexOf(id, 4) === victim)!;
    const { plan } = ingest(missing, snapshot([...people, person(outsider, 7), person(insider, 8)]), later);
    const added = plan.alerts.filter((a: AlertRecord) => a.rule === 'participant-added').map((a) => a.contactId);
    expect(added).toEqual([outsider]);
  });
});

describe('chunked roster properties', () => {
  const pool = crowd(150);
  const rosterArb = fc
    .record({
      members: fc.shuffledSubarray(pool, { minLength: 0, maxLength: 150 }),
      laptops: fc.uniqueArray(fc.nat({ max: 149 }), { maxLength: 5 }),
      sorted: fc.boolean(),
    })
    .map(({ members, laptops, sorted }) => {
      const list = sorted ? [...members].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1))) : members;
      return [alice, ...list.map((p) => (laptops.includes(Number(p.id.slice(1))) ? withDevice(p, 50_000 + Number(p.id.slice(1))) : p))];
    });

  it("the stored roster always reads back whole in the page order; only changed members' chunks are written; no chunk is left beyond the count", () => {
    fc.assert(
      fc.property(fc.array(rosterArb, { minLength: 1, maxLength: 5 }), (rosters) => {
        let store = emptyStore();
        let now = T0;
        let before: ParticipantView[] | null = null;
        for (const people of rosters) {
          now += MINUTE;
          const stored = store[convKey] as ConversationRecord | undefined;
          const { plan, store: after } = ingest(store, snapshot(people), now);
          const read = readConversation(recordsReader(after), convKey);
          expect(read.status === 'ok' && read.problems).toEqual([]);
          if (read.status === 'ok') expect(read.value.roster.map((m) => m.id)).toEqual(people.map((p) => p.id));
          const count = (after[convKey] as ConversationRecord).rosterChunks;
          const chunks = Object.keys(after).filter((k) => k.startsWith(ROSTER_PREFIX));
          expect(chunks.sort()).toEqual(Array.from({ length: count }, (_, i) => chunkKey(i)).sort());
          if (stored && stored.rosterChunks === count && before) {
            // Same count: a chunk is written only if one of its members changed (joined, left, moved or changed
            // devices), or was given another position (roster-positions.ts).
            const old = new Map(before.map((p, i) => [p.id, { p, i }]));
            const now_ = new Map(people.map((p, i) => [p.id, { p, i }]));
            const placedBefore = storedPositions(store);
            const placedAfter = storedPositions(after);
            const touched = new Set<number>();
            for (const id of new Set([...old.keys(), ...now_.keys()])) {
              const o = old.get(id);
              const n = now_.get(id);
              const replaced = placedBefore.get(id) !== placedAfter.get(id);
              if (!o || !n || replaced || JSON.stringify(o.p) !== JSON.stringify(n.p)) touched.add(chunkIndexOf(id, count));
            }
            const orderKept = people
              .filter((p) => old.has(p.id))
              .map((p) => old.get(p.id)!.i)
              .every((v, i, a) => i === 0 || v > a[i - 1]!);
            if (orderKept) {
              // The order kept, everyone who stays keeps their position, unless a gap was too narrow for those who
              // joined: then the whole roster is numbered afresh.
              const stayed = people.filter((p) => old.has(p.id)).map((p) => p.id);
              const kept = stayed.every((id) => placedBefore.get(id) === placedAfter.get(id));
              const fresh = people.every((p, i) => placedAfter.get(p.id) === i * POSITION_STEP);
              expect(kept || fresh).toBe(true);
              for (const k of chunkWrites(plan.writes)) {
                const where = parseStorageKey(k);
                expect(where.kind === 'roster-chunk' && touched.has(where.index)).toBe(true);
              }
            }
          }
          for (const [k, v] of Object.entries(after)) expect(validateRecordAt(k, v).status).not.toBe('corrupt');
          store = after;
          before = people;
        }
      }),
      { numRuns: 40 },
    );
  });
});
