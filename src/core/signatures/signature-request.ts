// A signature to check, exactly as it was found: who signed (the public key's
// bytes), what was signed, and the signature. Nothing in it is trusted yet.

/**
 * ed25519: an Ed25519 public key (32 bytes, compressed Edwards point) signed
 * with Ed25519 (RFC 8032). xeddsa: a Curve25519 key (32 bytes, or 0x05 ‖ 32 as
 * Signal serializes it) signed with XEdDSA, as Signal's identity keys sign.
 */
export type SignatureScheme = 'ed25519' | 'xeddsa';

export interface SignatureRequest {
  scheme: SignatureScheme;
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}
