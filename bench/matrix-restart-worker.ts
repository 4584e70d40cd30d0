// A restarted background worker for the Matrix benchmark: a new thread, so a
// new JavaScript heap and code not yet optimised, holding nothing but the
// storage it is given (what the first worker wrote). Told to go, it takes one
// /keys/query response as the background does and says how long it took.
import { parentPort, workerData } from 'node:worker_threads';
import { webcrypto } from 'node:crypto';
import { ChunkedCheckMemory } from '../src/core/signatures/chunked-memory';
import { CheckBatch } from '../src/core/signatures/deferred-checks';
import { nativeEd25519 } from '../src/core/signatures/native-verify';
import { keptInStorage, keywatch, mapStorage } from './matrix-keywatch';

export interface RestartJob {
  items: Map<string, unknown>;
  text: string;
  userIds: string[];
}

export interface RestartResult {
  ms: number;
  signed: number;
  /** Some user was verified again (a batch of checks ran). */
  verifiedAgain: boolean;
  keysRead: number;
}

const job = workerData as RestartJob;
const storage = mapStorage(job.items);
// As the background at start: the check engine ready before the page's first response arrives.
const batch = new CheckBatch(await nativeEd25519(webcrypto.subtle as unknown as SubtleCrypto), new ChunkedCheckMemory(storage));
parentPort!.once('message', async () => {
  const result = await keywatch(job.text, job.userIds, batch, keptInStorage(storage));
  const reply: RestartResult = { ms: result.ms, signed: result.signed, verifiedAgain: result.stats !== null, keysRead: storage.keysRead };
  parentPort!.postMessage(reply);
});
parentPort!.postMessage('ready');
