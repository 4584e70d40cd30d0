// Ingesting a 1,000-participant snapshot: the pure work the background does for
// each roster it receives (planIngest reading its records from a copy, the
// roster diff, the rules, the alert reconciliation, the plan of writes).
// Storage time is the background's and is not included. Five cases: first sight (every contact new,
// 1,000 records and 1,000 alerts to write), the same roster again a minute later
// (nothing to write) and an hour later (every lastSeen to rewrite), one person
// with a new device (one roster chunk to rewrite), and a roster where 10 keys
// changed, 5 people joined, 5 left and one device is a ghost.
// Every run gets its own copy of the snapshot and of the records, as a
// background that has just started does: nothing validated before is reused.
// One more row shows a running background, which hands the same stored objects
// to every ingest and so validates each record once (read-record.ts).
// A 4,000-participant run checks that the cost stays linear.

import { toBase64 } from '../src/core/encoding';
import type { ParticipantView, PublicKeyRef, RosterSnapshot } from '../src/core/roster';
import { CURRENT_SCHEMA_VERSION, planIngest, recordsReader, SCHEMA_KEY } from '../src/core/trust';
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
  planIngest(s, (key) => (asked.add(key), read(key)), now);
  return { records: clone(Object.fromEntries([...asked].filter((k) => k in store).map((k) => [k, store[k]]))) };
}

/** The pure work of the background's ingest: planIngest reading from its copy. */
function plan(s: RosterSnapshot, records: Store, now: number) {
  const result = planIngest(s, recordsReader(records), now);
  if (!result.ok) throw new Error(result.reason);
  return result;
}

interface Run {
  s: RosterSnapshot;
  records: Store;
}

/** A fresh copy of a snapshot and its records, as a newly started background holds them. */
const copyOf = (r: Run): Run => ({ s: clone(r.s) as unknown as RosterSnapshot, records: clone(r.records) });

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

const benchmark: Benchmark = {
  name: 'Trust store: ingest of a 1,000-participant snapshot (pure planning, reading from a copy)',
  run(bench: Bench) {
    const empty: Store = { [SCHEMA_KEY]: { version: CURRENT_SCHEMA_VERSION } };
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
    const warm = prepared[3]!;
    const fresh = freshRuns([...prepared, null]);
    const timings = bench.compare(
      {
        ...Object.fromEntries(
          prepared.map((p) => [
            p.label,
            () => {
              const c = fresh.current();
              return plan(c.s, c.records, p.now);
            },
          ]),
        ),
        'new device, records validated before': () => plan(warm.s, warm.records, warm.now),
      },
      { runs: 15, warmup: 3, before: fresh.before },
    );
    bench.table(timings, timings[1]!);
    for (const p of prepared) {
      const result = plan(p.s, p.records, p.now);
      bench.print(
        `  ${p.label}: ${Object.keys(result.writes).length} writes (${(JSON.stringify(result.writes).length / 1024).toFixed(0)} KB), ${result.alerts.length} alerts raised`,
      );
    }
    bench.goal('slowest case, median', Math.max(...timings.map((t) => t.median)), 50, 'ms');

    // Linear, not quadratic: four times the people should cost about four times as much.
    const big = roster(4 * size);
    const bigKnown = apply(empty, big, T0);
    const sizes = freshRuns([prepared[2]!, { s: big, ...reads(bigKnown, big, hourLater) }]);
    const timed = () => {
      const c = sizes.current();
      return plan(c.s, c.records, hourLater);
    };
    const [one, four] = bench.compare(
      { '1,000, same roster an hour later': timed, '4,000, same roster an hour later': timed },
      { runs: 9, warmup: 2, before: sizes.before },
    );
    bench.print(`  1,000: ${ms(one!.median)}, 4,000: ${ms(four!.median)}`);
    bench.goal('4,000 / 1,000 participants', four!.median / one!.median, 6, '×');
  },
};

export default benchmark;
