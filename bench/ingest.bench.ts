// Ingesting a 1,000-participant snapshot: the pure work the background does for
// each roster it receives (planIngest reading its records from a copy, the
// roster diff, the rules, the alert reconciliation, the plan of writes, and the
// updates of the open-alert indexes and the badge summary that go with them).
// Storage time is the background's and is not included; records are read as the background reads them, from its
// copy of the store (store-copy.ts: a map, asked whether it knows the key and then for the value). This bench once
// read from a plain object, which costs more per key the more keys it holds: the warm 10,000 ran 44–46 ms that way
// against 37–39 ms from a map, with the 1,000 unchanged. Five cases: first sight (every contact new,
// 1,000 records and 1,000 alerts to write), the same roster again a minute later
// (nothing to write) and an hour later (every lastSeen to rewrite), one person
// with a new device (one roster chunk to rewrite), and a roster where 10 keys
// changed, 5 people joined, 5 left and one device is a ghost.
// Cold: every run gets its own copy of the snapshot and of the records, as a
// background that has just started does: nothing validated before is reused.
// Warm: a running background, which hands the same stored objects to every
// ingest and so validates each record once (read-record.ts); each run still
// gets its own copy of the snapshot, as each page report is parsed afresh.
// A 10,000-participant run checks that the cost stays linear.

import { toBase64 } from '../src/core/encoding';
import type { ParticipantView, PublicKeyRef, RosterSnapshot } from '../src/core/roster';
import { planIngest, planMigration, recordsReader, withIndexUpdates, type StoreRead } from '../src/core/trust';
import { ms, type Bench, type Benchmark } from './harness';

const T0 = 1_800_000_000_000;
type Store = Record<string, unknown>;

function key(n: number): PublicKeyRef {
  const bytes = new Uint8Array(33);
  bytes[0] = 0x05;
  new DataView(bytes.buffer).setUint32(1, n);
  return { algorithm: 'curve25519', key: toBase64(bytes) };
}

function person(i: number, keyNumber = i, extra: Partial<ParticipantView> = {}): ParticipantView {
  return {
    id: `member-${i}@courier.example`,
    name: `Member ${i}`,
    identityKey: key(keyNumber),
    identityProblem: null,
    shown: true,
    isSelf: i === 0,
    devices: [
      { id: 'phone', key: key(1_000_000 + i), vouch: 'signed', encryptedTo: true },
      { id: 'laptop', key: key(2_000_000 + i), vouch: 'signed', encryptedTo: true },
    ],
    ...extra,
  };
}

function roster(size: number, participants = Array.from({ length: size }, (_, i) => person(i))): RosterSnapshot {
  return {
    messenger: 'https://courier.example',
    adapter: 'page-protocol',
    account: 'member-0@courier.example',
    conversation: { id: 'all-hands', title: 'All hands', kind: 'group' },
    participants,
    problems: [],
  };
}

function oneNewDevice(size: number): RosterSnapshot {
  const people = Array.from({ length: size }, (_, i) => person(i));
  people[500] = {
    ...people[500]!,
    devices: [...people[500]!.devices, { id: 'tablet', key: key(3_000_000), vouch: 'signed', encryptedTo: true }],
  };
  return roster(size, people);
}

function changed(size: number): RosterSnapshot {
  const people = Array.from({ length: size - 5 }, (_, i) => (i > 0 && i <= 10 ? person(i, 5_000_000 + i) : person(i)));
  people[20] = {
    ...people[20]!,
    devices: [...people[20]!.devices, { id: 'ghost', key: key(9_999_999), vouch: 'unsigned', encryptedTo: true }],
  };
  for (let i = size; i < size + 5; i++) people.push(person(i));
  return roster(size, people);
}

const clone = (value: unknown) => JSON.parse(JSON.stringify(value)) as Store;

/** The records an ingest of this snapshot reads, as copies (found outside the timing: loading them is storage work). */
function reads(store: Store, s: RosterSnapshot, now: number): { records: Store } {
  const asked = new Set<string>();
  const read = recordsReader(store);
  const tracked = (key: string) => (asked.add(key), read(key));
  const result = planIngest(s, tracked, now);
  if (result.ok) withIndexUpdates(tracked, result);
  return { records: clone(Object.fromEntries([...asked].filter((k) => k in store).map((k) => [k, store[k]]))) };
}

/**
 * How the background's plans read its copy of the store (store.ts, plan-rounds.ts): a map of the records loaded, asked
 * whether it knows each key, then for its value. Made once for each set of records, outside the timing: loading the
 * copy is storage work.
 */
const copies = new WeakMap<Store, StoreRead>();
function copyReader(records: Store): StoreRead {
  const known = copies.get(records);
  if (known) return known;
  const values = new Map(Object.entries(records));
  const read: StoreRead = (key) => (values.has(key) ? values.get(key) : undefined);
  copies.set(records, read);
  return read;
}

/** The pure work of the background's ingest: planIngest reading from its copy, with the index updates (store.ts planWrite). */
function plan(s: RosterSnapshot, records: Store, now: number) {
  const read = copyReader(records);
  const result = planIngest(s, read, now);
  if (!result.ok) throw new Error(result.reason);
  return withIndexUpdates(read, result);
}

interface Run {
  s: RosterSnapshot;
  records: Store;
}

/** A fresh copy of a snapshot and its records, as a newly started background holds them (its copy made, untimed). */
function copyOf(r: Run): Run {
  const records = clone(r.records);
  copyReader(records);
  return { s: clone(r.s) as unknown as RosterSnapshot, records };
}

/**
 * Contenders that each get a fresh copy, made untimed just before their run
 * (bench.compare calls `before` ahead of each contender, in their order).
 */
function freshRuns(sources: readonly (Run | null)[]): { before: () => void; current: () => Run } {
  let turn = 0;
  let current: Run | null = null;
  return {
    before: () => {
      const source = sources[turn++ % sources.length]!;
      current = source && copyOf(source);
    },
    current: () => current!,
  };
}

function apply(store: Store, s: RosterSnapshot, now: number): Store {
  const result = plan(s, reads(store, s, now).records, now);
  const next = { ...store, ...clone(result.writes) };
  for (const k of result.deletes) delete next[k];
  return next;
}

/** Runs in which each run gets a fresh copy of the snapshot but shares the records (validated once, as a running background holds them). */
function warmRuns(sources: readonly Run[]): { before: () => void; current: () => Run } {
  let turn = 0;
  let current: Run | null = null;
  return {
    before: () => {
      const source = sources[turn++ % sources.length]!;
      copyReader(source.records); // made once, here, outside every timed run
      current = { s: clone(source.s) as unknown as RosterSnapshot, records: source.records };
    },
    current: () => current!,
  };
}

const benchmark: Benchmark = {
  name: 'Trust store: ingest of a 1,000-participant snapshot (pure planning, reading from a copy)',
  run(bench: Bench) {
    const created = planMigration({}, T0);
    if (!created.ok) throw new Error(created.reason);
    const empty: Store = created.writes;
    const size = 1000;
    const team = roster(size);
    const known = apply(empty, team, T0);
    const now = T0 + 60_000;
    const hourLater = T0 + 3_600_000;

    const cases = [
      { label: 'first sight (1,000 new contacts)', store: empty, s: team, now },
      { label: 'same roster, a minute later', store: known, s: team, now },
      { label: 'same roster, an hour later (lastSeen)', store: known, s: team, now: hourLater },
      { label: 'one person has a new device', store: known, s: oneNewDevice(size), now },
      { label: '10 keys changed, 5 joined, 5 left, 1 ghost', store: known, s: changed(size), now },
    ];
    const prepared = cases.map((c) => ({ ...c, ...reads(c.store, c.s, c.now) }));

    bench.print('  cold (a background just started: every record read is validated):');
    const fresh = freshRuns(prepared);
    const cold = bench.compare(
      Object.fromEntries(prepared.map((p) => [p.label, () => plan(fresh.current().s, fresh.current().records, p.now)])),
      { runs: 15, warmup: 3, before: fresh.before },
    );
    bench.table(cold, cold[1]!);
    bench.print('  warm (a running background: records validated once before; each snapshot new):');
    const running = warmRuns(prepared);
    const warm = bench.compare(
      Object.fromEntries(prepared.map((p) => [p.label, () => plan(running.current().s, running.current().records, p.now)])),
      { runs: 21, warmup: 3, before: running.before },
    );
    bench.table(warm, warm[1]!);
    for (const p of prepared) {
      const result = plan(p.s, p.records, p.now);
      bench.print(
        `  ${p.label}: ${Object.keys(result.writes).length} writes (${(JSON.stringify(result.writes).length / 1024).toFixed(0)} KB), ${result.alerts.length} alerts raised`,
      );
    }
    bench.goal('cold, slowest case, median', Math.max(...cold.map((t) => t.median)), 50, 'ms');
    bench.goal('warm, slowest case after first sight, median', Math.max(...warm.slice(1).map((t) => t.median)), 20, 'ms');

    // Linear, not quadratic: ten times the people should cost about ten times as much.
    const big = roster(10 * size);
    const bigKnown = apply(empty, big, T0);
    const bigHour = { s: big, ...reads(bigKnown, big, hourLater) };
    const coldSizes = freshRuns([prepared[2]!, bigHour]);
    const [one, ten] = bench.compare(
      {
        '1,000, same roster an hour later': () => plan(coldSizes.current().s, coldSizes.current().records, hourLater),
        '10,000': () => plan(coldSizes.current().s, coldSizes.current().records, hourLater),
      },
      { runs: 7, warmup: 2, before: coldSizes.before, collected: true },
    );
    bench.print(`  cold, same roster an hour later: 1,000 ${ms(one!.median)}, 10,000 ${ms(ten!.median)}`);
    // The figure (≤ 11×) is the warm ingest's, below. Cold, every record is new memory: 10,000 contacts, their roster
    // and the snapshot outgrow the processor's caches where 1,000 fit, and every first touch of a record is a miss.
    // Profiles of both sizes show the same steps, 1.2–1.3× dearer per member at 10,000, most of it in the first read of
    // each stored record and in young-generation collections the 1,000 run does not meet. Printed to watch, not held.
    bench.print(
      `  cold, 10,000 / 1,000 participants: ${(ten!.median / one!.median).toFixed(2)}× (memory-bound; the figure is the warm one)`,
    );
    const bigDevice = oneNewDevice(10 * size);
    const warmSizes = warmRuns([prepared[3]!, { s: bigDevice, ...reads(bigKnown, bigDevice, now) }]);
    const [warmOne, warmTen] = bench.compare(
      {
        '1,000, one new device': () => plan(warmSizes.current().s, warmSizes.current().records, now),
        '10,000': () => plan(warmSizes.current().s, warmSizes.current().records, now),
      },
      { runs: 15, warmup: 2, before: warmSizes.before, collected: true },
    );
    bench.print(`  warm, one new device: 1,000 ${ms(warmOne!.median)}, 10,000 ${ms(warmTen!.median)}`);
    bench.goal('warm, 10,000 / 1,000 participants', warmTen!.median / warmOne!.median, 11, '×');
  },
};

export default benchmark;
