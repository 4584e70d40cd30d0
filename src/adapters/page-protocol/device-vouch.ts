// Does a participant's identity key vouch for one of their devices? A device
// signature is the identity key's signature over the device key bytes as the
// page gave them: Ed25519 (strict) for an ed25519 identity, XEdDSA for a
// curve25519 one. `checks` decides (core/signatures/): remembered, batched.
import type { ParsedKey } from '../../core/keys';
import type { Checks } from '../../core/signatures/checks';

/** True when `signature` is a valid signature by `identity` over `deviceKeyBytes`. */
export function identityVouchesFor(identity: ParsedKey, deviceKeyBytes: Uint8Array, signature: Uint8Array, checks: Checks): boolean {
  return checks.signature({
    scheme: identity.algorithm === 'ed25519' ? 'ed25519' : 'xeddsa',
    publicKey: identity.publicKey,
    message: deviceKeyBytes,
    signature,
  });
}
