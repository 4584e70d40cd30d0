// Matrix cross-signing, 1,000 users × 3 devices (7,000 signatures, 5,000 keys),
// in Node: KeyWatch's verifier against matrix-sdk-crypto-wasm (Element's own
// crypto) processing the same /keys/query response, taking turns, in one run.
// KeyWatch: first sight (nothing remembered, every key and signature checked:
// keys in WebAssembly, signatures through WebCrypto's Ed25519), the same
// response again (everything remembered), and again after a "worker restart"
// (a new thread, so a new heap and code not yet optimised, reading back what
// the first one saved in storage, as the background does: the response kept
// with its users' verdicts, each user's verdict, and the remembered checks;
// nothing else kept), and after a restart with one device key changed (the
// response read and split again, that user verified again). Storage is a Map
// whose values are copied on every read and write (structuredClone), as
// storage.local deserialises them; it does not charge a browser's per-key
// cost, so the number of keys read is printed. The portable path (no
// WebCrypto Ed25519: Chrome before 137) is timed on 100 users.
import { webcrypto } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { DeviceId, OlmMachine, UserId } from '@matrix-org/matrix-sdk-crypto-wasm';
import { keptResponsesKey, planKeptResponses } from '../src/adapters/matrix/background/kept-responses';
import { planRemember, emptyIndex } from '../src/adapters/matrix/background/remembered-plan';
import { verifiedUsers } from '../src/adapters/matrix/background/verified-users';
import { initReference, receiveKeysQuery } from '../src/adapters/matrix/testing/matrix-sdk-reference';
import { ChunkedCheckMemory } from '../src/core/signatures/chunked-memory';
import { CheckBatch, type CheckStats } from '../src/core/signatures/deferred-checks';
import { nativeEd25519 } from '../src/core/signatures/native-verify';
import { ms, type Benchmark } from './harness';
import { matrixRoom } from './matrix-fixture';
import { keptInMemory, keywatch, mapStorage, nothingKept, ORIGIN } from './matrix-keywatch';
import type { RestartJob, RestartResult } from './matrix-restart-worker';

const RUNS = 3;
const subtle = webcrypto.subtle as unknown as SubtleCrypto;

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

/** The response with the first device of `userId` given another key (a server's substitution): its signatures fail. */
function withOneKeyChanged(response: unknown, userId: string): string {
  const changed = structuredClone(response) as { device_keys: Record<string, Record<string, { keys: Record<string, string> }>> };
  const device = Object.values(changed.device_keys[userId]!)[0]!;
  const name = Object.keys(device.keys).find((k) => k.startsWith('ed25519:'))!;
  const key = device.keys[name]!;
  device.keys[name] = (key[0] === 'A' ? 'B' : 'A') + key.slice(1);
  return JSON.stringify(changed);
}

/** The response taken by a new worker thread given only `job.items` as storage, timed there. */
async function inRestartedWorker(job: RestartJob): Promise<RestartResult> {
  // The thread runs TypeScript as the benchmarks do (tsx), registered before the worker's module is loaded.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./matrix-restart-worker.ts', import.meta.url).href);
  const worker = new Worker(`import(${tsx}).then((api) => { api.register(); return import(${entry}); });`, { eval: true, workerData: job });
  try {
    return await new Promise<RestartResult>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: RestartResult | 'ready') => (message === 'ready' ? worker.postMessage('go') : resolve(message)));
    });
  } finally {
    await worker.terminate();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[]) => `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;

const benchmark: Benchmark = {
  name: 'Matrix: 1,000 users × 3 devices, KeyWatch against matrix-sdk-crypto-wasm on the same response (Node)',
  async run(bench) {
    await initReference();
    const room = matrixRoom(1000, 3);
    const text = JSON.stringify(room.response);
    const changedText = withOneKeyChanged(room.response, room.userIds[0]!);
    const times = { sdk: [] as number[], first: [] as number[], again: [] as number[], restarted: [] as number[], changed: [] as number[] };
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
      // A stopped worker: only storage survives. A new thread, a new heap, code not optimised yet.
      const restarted = await inRestartedWorker({ items: storage.items, text, userIds: room.userIds });
      if (restarted.signed !== 3000) throw new Error(`only ${restarted.signed} of 3,000 devices verified after a restart`);
      if (restarted.verifiedAgain) throw new Error('the kept response was verified again after a restart');
      times.restarted.push(restarted.ms);
      keysReadAfterRestart = restarted.keysRead;
      // One device key changed by the server, after another restart: read and verified again, that user only. Its
      // own signature no longer holds, so, as the client does, KeyWatch keeps the copy it had (client-keeps.ts).
      const changed = await inRestartedWorker({ items: storage.items, text: changedText, userIds: room.userIds });
      if (!changed.verifiedAgain || changed.signed !== 3000)
        throw new Error(`a changed key was not verified again, or its device not kept as the client keeps it (${changed.signed} signed)`);
      times.changed.push(changed.ms);
    }
    const s = firstStats!;
    bench.print(
      `  ${s.signatures.asked} signatures and ${s.keys.asked} keys; signatures through ${s.path}, keys in ${s.keyEngine}; ${RUNS} runs, median (min–max)`,
    );
    bench.print(`  matrix-sdk-crypto-wasm, processing the response:        ${spread(times.sdk)}`);
    bench.print(`  KeyWatch, first sight (every key and signature checked): ${spread(times.first)}`);
    bench.print(`  KeyWatch, the same response again (unchanged users kept):  ${spread(times.again)}`);
    bench.print(
      `  KeyWatch, again after a worker restart (a new thread; the response kept with its users' verdicts read back from storage, ${keysReadAfterRestart} key(s)): ${spread(times.restarted)}`,
    );
    bench.print(
      `  KeyWatch, after a restart, one device key changed (the response split and hashed per user, that user verified again): ${spread(times.changed)}`,
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
