// The version 3 → 4 start-up migration (every key in one spelling) on a
// 1,000-person group whose page spelled every Curve25519 key as its 32 bytes:
// 1,000 contacts, 32 roster chunks and 1,000 alerts to respell (the alerts move
// to new ids), against the same store whose keys were canonical already (the
// usual upgrade: Matrix keys, Signal-style pages) and the start-up of the store
// at version 4 (the check every start-up does anyway). Pure planning; storage time is the
// background's. Every run gets its own copy, as a newly started background does.

import { fromBase64, toBase64 } from '../src/core/encoding';
import type { ParticipantView, PublicKeyRef, RosterSnapshot } from '../src/core/roster';
import { CURRENT_SCHEMA_VERSION, planIngest, planMigration, recordsReader, SCHEMA_KEY } from '../src/core/trust';
import { ms, type Bench, type Benchmark } from './harness';

const T0 = 1_800_000_000_000;
type Store = Record<string, unknown>;

function key(n: number): PublicKeyRef {
  const bytes = new Uint8Array(33);
  bytes[0] = 0x05;
  new DataView(bytes.buffer).setUint32(1, n);
  bytes[32] = 0x42;
  return { algorithm: 'curve25519', key: toBase64(bytes) };
}

function person(i: number): ParticipantView {
  return {
    id: `member-${i}@courier.example`,
    name: `Member ${i}`,
    identityKey: key(i),
    identityProblem: null,
    shown: true,
    isSelf: i === 0,
    devices: [
      { id: 'phone', key: key(1_000_000 + i), vouch: 'signed', encryptedTo: true },
      { id: 'laptop', key: key(2_000_000 + i), vouch: 'signed', encryptedTo: true },
    ],
  };
}

const snapshot = (size: number): RosterSnapshot => ({
  messenger: 'https://courier.example',
  adapter: 'page-protocol',
  account: 'member-0@courier.example',
  conversation: { id: 'all-hands', title: 'All hands', kind: 'group' },
  participants: Array.from({ length: size }, (_, i) => person(i)),
  problems: [],
});

/** The store version 3 wrote for a page that spelled every Curve25519 key as its 32 bytes. */
function spelledShort(store: Store): Store {
  const text = JSON.stringify(store).replace(/"algorithm":"curve25519","key":"([A-Za-z0-9+/=]+)"/g, (_, k: string) => {
    const bytes = fromBase64(k);
    return `"algorithm":"curve25519","key":"${toBase64(bytes.length === 33 ? bytes.subarray(1) : bytes)}"`;
  });
  const v3 = JSON.parse(text) as Store;
  v3[SCHEMA_KEY] = { version: 3 };
  // Version 3 derived each alert's id from the key as spelled: any id but the one the respelled content gives.
  for (const [k, value] of Object.entries(v3)) {
    if (!k.startsWith('v1/alert/')) continue;
    const alert = value as { id: string };
    const id = [...alert.id].reverse().join('');
    delete v3[k];
    v3[`v1/alert/${id}`] = { ...alert, id };
  }
  return v3;
}

const benchmark: Benchmark = {
  name: 'Trust store: start-up migration to one key spelling (version 3 → 4), 1,000-person group',
  run(bench: Bench) {
    const empty: Store = { [SCHEMA_KEY]: { version: CURRENT_SCHEMA_VERSION } };
    const first = planIngest(snapshot(1000), recordsReader(empty), T0);
    if (!first.ok) throw new Error(first.reason);
    const current: Store = { ...empty, ...first.writes };
    const v3 = spelledShort(current);
    const text = {
      current: JSON.stringify(current),
      v3: JSON.stringify(v3),
      canonicalV3: JSON.stringify({ ...current, [SCHEMA_KEY]: { version: 3 } }),
    };

    let copy: Store = {};
    let turn = 0;
    const sources = [text.v3, text.canonicalV3, text.current];
    const timings = bench.compare(
      {
        'version 3 store: respell every key': () => planMigration(copy, T0 + 1),
        'version 3 store, every key canonical already': () => planMigration(copy, T0 + 1),
        'version 4 store: start-up check only': () => planMigration(copy, T0 + 1),
      },
      { runs: 11, warmup: 2, before: () => (copy = JSON.parse(sources[turn++ % sources.length]!) as Store) },
    );
    bench.table(timings, timings[2]!);
    const plan = planMigration(JSON.parse(text.v3) as Store, T0 + 1);
    if (!plan.ok) throw new Error(plan.reason);
    bench.print(
      `  ${Object.keys(v3).length} records: ${Object.keys(plan.writes).length} written, ${plan.deletes.length} removed (the alerts' old keys: they moved to their new ids), ${plan.alerts.length} alerts raised; ${ms(timings[0]!.median)} once, at the first start of version 4`,
    );
    bench.print(`  respelling / start-up check: ${(timings[0]!.median / timings[2]!.median).toFixed(2)}× (once per store, at the upgrade)`);
  },
};

export default benchmark;
