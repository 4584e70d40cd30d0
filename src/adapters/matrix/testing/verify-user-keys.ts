// The verdict on one user in the shape the reference implementation and the
// specification speak of (master key, which devices are cross-signed, problems),
// for tests that compare KeyWatch's verifier with them.
import { webcrypto } from 'node:crypto';
import { checksNow, type Checks } from '../../../core/signatures/checks';
import { CheckBatch } from '../../../core/signatures/deferred-checks';
import { nativeEd25519 } from '../../../core/signatures/native-verify';
import { MapCheckMemory } from '../../../core/signatures/testing/memory-map';
import { verifyUserKeysDetailed } from '../background/cross-signing';

export interface UserVerdict {
  masterKey: string | null;
  devices: Array<{ deviceId: string; crossSigned: boolean }>;
  problems: string[];
}

export function verifyUserKeys(keysQueryResponse: unknown, userId: string, checks: Checks = checksNow): UserVerdict {
  const detail = verifyUserKeysDetailed(keysQueryResponse, userId, checks);
  return {
    masterKey: detail.masterKey,
    devices: detail.devices.map(({ deviceId, crossSigned }) => ({ deviceId, crossSigned })),
    problems: detail.problems,
  };
}

/**
 * The verdict, computed on the spot in JavaScript and through a batch with
 * WebCrypto (Node's), as the background computes it; throws if they differ.
 */
export async function verifyUserKeysEveryPath(keysQueryResponse: unknown, userId: string): Promise<UserVerdict> {
  const now = verifyUserKeys(keysQueryResponse, userId);
  const native = await nativeEd25519(webcrypto.subtle as unknown as SubtleCrypto);
  if (!native) throw new Error("Node's WebCrypto has no usable Ed25519");
  const batched = await new CheckBatch(native, new MapCheckMemory()).run((checks) => verifyUserKeys(keysQueryResponse, userId, checks));
  if (JSON.stringify(batched.value) !== JSON.stringify(now) || batched.stats.unforeseen !== 0) {
    throw new Error(`the paths disagree on ${userId}: ${JSON.stringify(now)} vs ${JSON.stringify(batched.value)}`);
  }
  return now;
}
