// The background's key and signature checks: one batch per snapshot
// (core/signatures/deferred-checks.ts), answered first from the outcomes
// remembered in storage.local (verdicts/<n>, docs/storage.md "Remembered
// checks"), then through WebCrypto's Ed25519 where the browser has it (found
// once per worker start, with a self-test), else in JavaScript. The background
// is the only writer of those records, in the same serialized queue as the
// trust store, so clearing all data cannot interleave with them.
import { verifiedUsers } from '../adapters/matrix/background/verified-users';
import type { Checks } from '../core/signatures/checks';
import { ChunkedCheckMemory } from '../core/signatures/chunked-memory';
import { CheckBatch, type CheckStats } from '../core/signatures/deferred-checks';
import { nativeEd25519 } from '../core/signatures/native-verify';
import { readKeysInParts, writeKeys } from '../platform/storage';
import { log } from './log';
import { recordCheckStats } from './metrics';
import { serialized } from './serial';

// Each of its records is taken in on its own: read in parts, as the trust store's copy is.
const memory = new ChunkedCheckMemory({ read: (keys) => readKeysInParts('local', keys), write: (items) => writeKeys('local', items) });

let batch: Promise<CheckBatch> | null = null;

function checkBatch(): Promise<CheckBatch> {
  batch ??= nativeEd25519(globalThis.crypto?.subtle).then((native) => {
    if (!native) log.info('WebCrypto has no usable Ed25519 here: signatures are verified in JavaScript');
    return new CheckBatch(native, memory);
  });
  return batch;
}

/**
 * Runs a snapshot builder with its checks answered in one batch (the builder
 * runs twice; see CheckBatch.run). The outcomes computed are kept in memory;
 * `rememberChecks` writes them.
 */
export async function runChecked<T>(
  build: (checks: Checks) => T,
  options?: Parameters<CheckBatch['run']>[1],
): Promise<{ value: T; stats: CheckStats }> {
  const started = performance.now();
  const result = await (await checkBatch()).run(build, options);
  // Not awaited: the figures wait for storage, the alerts after these checks need not (a woken worker's storage is
  // busy reading the conversation, and the figures would have waited behind that read).
  void recordCheckStats(result.stats, performance.now() - started);
  return result;
}

/**
 * Starts reading the remembered outcomes now, so that storage answers this
 * small read before the larger ones a report's ingest reads ahead (storage
 * answers in the order asked); the checks then wait for it, not read it again.
 * WebCrypto's Ed25519 is tried now too: its self-test, a few milliseconds of
 * waiting for the browser, then overlaps the report's arrival and parsing.
 */
export function loadRememberedChecks(): void {
  if (!memory.complete) void memory.load().catch(() => undefined);
  void checkBatch().catch(() => undefined);
}

/** Writes the outcomes found since the last call (a few records), after whatever the store is writing. */
export function rememberChecks(): Promise<void> {
  return serialized(() => memory.save()).catch((error: unknown) => log.error('remembered checks could not be written', error));
}

/** After every record in storage.local was cleared: forget what is held in memory too. */
export function forgetChecks(): void {
  memory.forget();
  verifiedUsers.clear();
}
