// Matrix cross-signing, 1,000 users × 3 devices (7,000 signatures, 5,000 keys),
// in Node: KeyWatch's verifier against matrix-sdk-crypto-wasm (Element's own
// crypto) processing the same /keys/query response, taking turns, in one run.
// KeyWatch: first sight (nothing remembered, every key and signature checked:
// keys in WebAssembly, signatures through WebCrypto's Ed25519), the same
// response again (everything remembered), and again after a "worker restart"
// (a new memory reading back what the first one saved in storage, as the
// background does: each user's kept verdict, and the remembered checks;
// nothing else kept). The portable path (no WebCrypto Ed25519: Chrome before
// 137) is timed on 100 users.
import { webcrypto } from 'node:crypto';
import { DeviceId, OlmMachine, UserId } from '@matrix-org/matrix-sdk-crypto-wasm';
import { keptResponsesKey, planKeptResponses, readKeptResponses, type KeptResponse } from '../src/adapters/matrix/background/kept-responses';
import { verdictsOfKeysResponse, type KeptVerdicts } from '../src/adapters/matrix/background/keys-response';
import { readRemembered, verifyObservedUsers, type RememberedKeys } from '../src/adapters/matrix/background/remembered-keys';
import { planRemember, emptyIndex, rememberedKey } from '../src/adapters/matrix/background/remembered-plan';
import { buildRoomSnapshot, type RoomSnapshotInput } from '../src/adapters/matrix/background/room-snapshot';
import type { RoomState } from '../src/adapters/matrix/background/observed-state';
import { verifiedUsers } from '../src/adapters/matrix/background/verified-users';
import { initReference, receiveKeysQuery } from '../src/adapters/matrix/testing/matrix-sdk-reference';
import { ChunkedCheckMemory, type RecordStorage } from '../src/core/signatures/chunked-memory';
import { CheckBatch, type CheckStats } from '../src/core/signatures/deferred-checks';
import { nativeEd25519 } from '../src/core/signatures/native-verify';
import { ms, type Benchmark } from './harness';
import { matrixRoom } from './matrix-fixture';

const RUNS = 3;
const subtle = webcrypto.subtle as unknown as SubtleCrypto;

/** storage.local as a Map, as the background's records would hold them; counts the keys read. */
function mapStorage(): RecordStorage & { keysRead: number } {
  const items = new Map<string, unknown>();
  const storage = {
    keysRead: 0,
    read: async (keys: string[]) => {
      storage.keysRead += keys.length;
      return Object.fromEntries(keys.filter((k) => items.has(k)).map((k) => [k, structuredClone(items.get(k))]));
    },
    write: async (written: Record<string, unknown>) => Object.entries(written).forEach(([k, v]) => items.set(k, structuredClone(v))),
  };
  return storage;
}

async function sdkCrypto(text: string, userIds: string[]): Promise<number> {
  const machine = await OlmMachine.initialize(new UserId('@observer:bench.example'), new DeviceId('OBSERVER'));
  try {
    const started = performance.now();
    await receiveKeysQuery(machine, userIds, JSON.parse(text));
    return performance.now() - started;
  } finally {
    machine.close();
  }
}

const ORIGIN = 'https://bench.example';

/** What the background reads back of the users' kept verdicts (one storage read, each record checked by its schema). */
async function recall(storage: RecordStorage, userIds: readonly string[]): Promise<Map<string, RememberedKeys>> {
  const stored = await storage.read(userIds.map((id) => rememberedKey(ORIGIN, id)));
  const kept = new Map<string, RememberedKeys>();
  for (const id of userIds) {
    const keys = readRemembered(stored[rememberedKey(ORIGIN, id)]);
    if (keys) kept.set(id, keys);
  }
  return kept;
}

/** What a stopped worker finds kept: the responses' record and the users' verdicts, read from storage as the background does. */
function keptInStorage(storage: RecordStorage): KeptVerdicts {
  return {
    response: async (source) => {
      const stored = await storage.read([keptResponsesKey(ORIGIN)]);
      return readKeptResponses(stored[keptResponsesKey(ORIGIN)]).find((r) => r.source === source) ?? null;
    },
    users: (userIds) => recall(storage, userIds),
  };
}

/** What a running worker holds in memory after verifying a response. */
function keptInMemory(responses: readonly KeptResponse[], users: ReadonlyMap<string, RememberedKeys>): KeptVerdicts {
  return {
    response: async (source) => responses.find((r) => r.source === source) ?? null,
    users: async (userIds) => new Map(userIds.filter((id) => users.has(id)).map((id) => [id, users.get(id)!])),
  };
}

const nothingKept: KeptVerdicts = { response: async () => null, users: async () => new Map() };

/**
 * KeyWatch on the response text, as the background takes it
 * (keys-response.ts): a response kept before takes its users' kept verdicts;
 * otherwise each user's part of it, a user's verdict kept when made from
 * exactly that part, else verified through a batch; then the room's roster
 * from the verdicts.
 */
async function keywatch(
  text: string,
  userIds: string[],
  batch: CheckBatch,
  kept: KeptVerdicts,
): Promise<{ ms: number; stats: CheckStats | null; signed: number; keys: Map<string, RememberedKeys>; keep: KeptResponse | null }> {
  const started = performance.now();
  const room: RoomState = {
    members: userIds.map((userId) => ({ userId, displayName: null, membership: 'join' })),
    listed: true,
    counts: { joined: userIds.length, invited: 0 },
    name: 'Bench',
    alias: null,
    problems: [],
    ingested: false,
  };
  let stats: CheckStats | null = null;
  const { verified: keys, keep } = await verdictsOfKeysResponse(text, kept, async (users, before) => {
    const checked = await batch.run((checks) => verifyObservedUsers(users, 0, checks, before));
    stats = checked.stats;
    return checked.value;
  });
  const input: RoomSnapshotInput = { origin: ORIGIN, account: userIds[0]!, roomId: '!bench:bench.example', room, keys, skipped: 0 };
  const value = buildRoomSnapshot(input);
  const elapsed = performance.now() - started;
  if (value.status !== 'snapshot') throw new Error(value.reason);
  return {
    ms: elapsed,
    stats,
    keys,
    keep,
    signed: value.snapshot.participants.flatMap((p) => p.devices).filter((d) => d.vouch === 'signed').length,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[]) => `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;

const benchmark: Benchmark = {
  name: 'Matrix: 1,000 users × 3 devices, KeyWatch against matrix-sdk-crypto-wasm on the same response (Node)',
  async run(bench) {
    await initReference();
    const room = matrixRoom(1000, 3);
    const text = JSON.stringify(room.response);
    const times = { sdk: [] as number[], first: [] as number[], again: [] as number[], restarted: [] as number[] };
    let firstStats: CheckStats | null = null;
    let keysReadAfterRestart = 0;
    for (let run = 0; run < RUNS; run++) {
      times.sdk.push(await sdkCrypto(text, room.userIds));
      // A fresh background: nothing remembered, no key imported into WebCrypto yet.
      verifiedUsers.clear();
      const storage = mapStorage();
      const memory = new ChunkedCheckMemory(storage);
      const batch = new CheckBatch(await nativeEd25519(subtle), memory);
      const first = await keywatch(text, room.userIds, batch, nothingKept);
      if (first.signed !== 3000) throw new Error(`only ${first.signed} of 3,000 devices verified`);
      if (first.keep === null) throw new Error('the response was not kept');
      times.first.push(first.ms);
      firstStats = first.stats;
      // What the background writes: the remembered checks, each user's verdict (remember-plan.ts), the response (kept-responses.ts).
      await memory.save();
      await storage.write(planRemember(ORIGIN, emptyIndex(), first.keys).writes);
      const responses = planKeptResponses([], first.keep);
      await storage.write({ [keptResponsesKey(ORIGIN)]: responses });
      // The same response while the worker runs: what it holds in memory.
      const again = await keywatch(text, room.userIds, batch, keptInMemory(responses, first.keys));
      times.again.push(again.ms);
      // A stopped worker: only storage survives.
      verifiedUsers.clear();
      storage.keysRead = 0;
      const restarted = await keywatch(
        text,
        room.userIds,
        new CheckBatch(await nativeEd25519(subtle), new ChunkedCheckMemory(storage)),
        keptInStorage(storage),
      );
      keysReadAfterRestart = storage.keysRead;
      console.log("DEBUG", restarted.stats === null, restarted.keep === null, again.stats === null);
      if (restarted.signed !== 3000) throw new Error(`only ${restarted.signed} of 3,000 devices verified after a restart`);
      times.restarted.push(restarted.ms);
    }
    const s = firstStats!;
    bench.print(
      `  ${s.signatures.asked} signatures and ${s.keys.asked} keys; signatures through ${s.path}, keys in ${s.keyEngine}; ${RUNS} runs, median (min–max)`,
    );
    bench.print(`  matrix-sdk-crypto-wasm, processing the response:        ${spread(times.sdk)}`);
    bench.print(`  KeyWatch, first sight (every key and signature checked): ${spread(times.first)}`);
    bench.print(`  KeyWatch, the same response again (unchanged users kept):  ${spread(times.again)}`);
    bench.print(
      `  KeyWatch, again after a worker restart (the response's digest and each user's verdict read back from storage, ${keysReadAfterRestart} keys): ${spread(times.restarted)}`,
    );
    bench.goal('first sight / matrix-sdk-crypto (medians)', median(times.first) / median(times.sdk), 1.5, '×');
    bench.goal('unchanged response re-checked (median)', median(times.again), 100, 'ms');
    bench.goal('re-checked after a worker restart (median)', median(times.restarted), 100, 'ms');

    // Where WebCrypto has no Ed25519: the portable path, on 100 users (a tenth of the work).
    const small = matrixRoom(100, 3);
    const smallText = JSON.stringify(small.response);
    const portable: number[] = [];
    const sdkSmall: number[] = [];
    for (let run = 0; run < 3; run++) {
      sdkSmall.push(await sdkCrypto(smallText, small.userIds));
      verifiedUsers.clear();
      const batch = new CheckBatch(null, new ChunkedCheckMemory(mapStorage()));
      portable.push((await keywatch(smallText, small.userIds, batch, nothingKept)).ms);
    }
    bench.print(
      `  100 users × 3, without WebCrypto Ed25519 (portable path): ${spread(portable)}, ${(median(portable) / median(sdkSmall)).toFixed(2)}× matrix-sdk-crypto (${spread(sdkSmall)})`,
    );
  },
};

export default benchmark;
