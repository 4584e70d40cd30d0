// Does a participant's identity key vouch for one of their devices? A device
// signature is the identity key's signature over the device key bytes as the
// page gave them: Ed25519 (strict) for an ed25519 identity, XEdDSA for a
// curve25519 one. Verdicts are remembered (bounded): each costs milliseconds.

import { toBase64 } from '../../core/encoding';
import { verifyEd25519Strict, verifyXEdDSA, type ParsedKey } from '../../core/keys';
import { BoundedMemo } from './bounded-memo';

export const verdicts = new BoundedMemo<boolean>(20_000);

/** True when `signature` is a valid signature by `identity` over `deviceKeyBytes`. */
export function identityVouchesFor(identity: ParsedKey, deviceKeyBytes: Uint8Array, signature: Uint8Array): boolean {
  // Base64 never contains "|", so this names every input of the verdict exactly.
  const memoKey = [identity.algorithm, toBase64(identity.publicKey), toBase64(deviceKeyBytes), toBase64(signature)].join('|');
  return verdicts.get(memoKey, () =>
    identity.algorithm === 'ed25519'
      ? verifyEd25519Strict(identity.publicKey, deviceKeyBytes, signature)
      : verifyXEdDSA(identity.publicKey, deviceKeyBytes, signature),
  );
}
