// Runs a signature check through every path KeyWatch has, for tests: on the
// spot in JavaScript (checksNow), through WebCrypto (Node's, which has Ed25519
// as the browsers do), and through a CheckBatch with a memory, first computed
// and then remembered. Every path must give the same verdict; the helper fails
// loudly when they do not, naming each.
import { webcrypto } from 'node:crypto';
import { checkPointNow } from '../../keys';
import { checksNow } from '../checks';
import { CheckBatch } from '../deferred-checks';
import { nativeEd25519, type NativeEd25519 } from '../native-verify';
import type { SignatureRequest, SignatureScheme } from '../signature-request';
import { strictEquation } from '../strict-checks';
import { MapCheckMemory } from './memory-map';

let native: Promise<NativeEd25519> | undefined;

/** Node's WebCrypto Ed25519, through the same self-test the extension runs. */
export function nodeNativeEd25519(): Promise<NativeEd25519> {
  return (native ??= nativeEd25519(webcrypto.subtle as unknown as SubtleCrypto).then((found) => {
    if (!found) throw new Error("Node's WebCrypto has no usable Ed25519");
    return found;
  }));
}

export interface PathVerdicts {
  portable: boolean;
  webcrypto: boolean;
  batched: boolean;
  remembered: boolean;
}

export async function verdictsOfEveryPath(request: SignatureRequest): Promise<PathVerdicts> {
  const portable = checksNow.signature(request);
  const equation = strictEquation(request, checkPointNow);
  const webcrypto = equation !== null && (await (await nodeNativeEd25519()).evaluate(equation));
  const batch = new CheckBatch(await nodeNativeEd25519(), new MapCheckMemory());
  const batched = (await batch.run((checks) => checks.signature(request))).value;
  const remembered = await batch.run((checks) => checks.signature(request));
  if (remembered.stats.signatures.verified !== 0) throw new Error('the second batch verified again instead of remembering');
  return { portable, webcrypto, batched, remembered: remembered.value };
}

/** The verdict, after checking that every path gives it. */
export async function verifyEveryPath(
  scheme: SignatureScheme,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const verdicts = await verdictsOfEveryPath({ scheme, publicKey, message, signature });
  const distinct = new Set(Object.values(verdicts));
  if (distinct.size !== 1) throw new Error(`the paths disagree: ${JSON.stringify(verdicts)}`);
  return verdicts.portable;
}
