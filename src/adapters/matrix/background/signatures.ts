// Checking Matrix signatures: find one under signatures[signer][keyId], decode
// it, and verify it over the object's canonical JSON (spec appendix "Checking
// for a Signature"), with strict Ed25519 through `checks` (core/signatures/:
// remembered across worker stops, batched through WebCrypto).

import { fromBase64 } from '../../../core/encoding';
import type { Checks } from '../../../core/signatures/checks';
import { signedBytes } from './canonical-json';
import { SIGNED_OBJECT_LIMITS } from '../shared/limits';
import type { Signatures } from '../shared/keys-query-schema';
import { ownMember } from '../shared/keys-query-schema';

/**
 * `unjudged`: refused only because KeyWatch would not compute the object's canonical form (past its own limits, or a
 * value it will not write canonically): whether the signature holds was not decided, so a client may well accept it.
 */
export type SignatureCheck = { status: 'valid' } | { status: 'missing' } | { status: 'invalid'; reason: string; unjudged?: true };

/**
 * A signed object as received (all members, signed or not) with its parsed
 * `signatures`. The canonical bytes are computed once, on the first check.
 */
export class SignedObject {
  private message: Uint8Array | Error | undefined;

  constructor(
    private readonly raw: unknown,
    private readonly signatures: Signatures | undefined,
    private readonly checks: Checks,
  ) {}

  /** Checks the signature `signer` made with `keyId` (for example "ed25519:<key>"). */
  check(signer: string, keyId: string, publicKey: Uint8Array): SignatureCheck {
    const bySigner = ownMember(this.signatures, signer) as Record<string, string> | undefined;
    const encoded = ownMember(bySigner, keyId) as string | undefined;
    if (encoded === undefined) return { status: 'missing' };
    let signature: Uint8Array;
    try {
      signature = decodeEitherPadding(encoded);
    } catch (error) {
      return { status: 'invalid', reason: `the signature is not valid base64 (${(error as Error).message})` };
    }
    if (signature.length !== 64) return { status: 'invalid', reason: `the signature has ${signature.length} bytes, not 64` };
    const message = this.canonicalBytes();
    if (message instanceof Error) {
      return { status: 'invalid', reason: `the signed object has no canonical JSON form (${message.message})`, unjudged: true };
    }
    return this.checks.signature({ scheme: 'ed25519', publicKey, message, signature })
      ? { status: 'valid' }
      : { status: 'invalid', reason: 'the signature does not verify' };
  }

  /** The key ids `signer` used on this object, apart from the ones listed in `except`. */
  otherKeyIds(signer: string, except: readonly string[]): string[] {
    const bySigner = ownMember(this.signatures, signer) as Record<string, string> | undefined;
    if (bySigner === undefined) return [];
    return Object.keys(bySigner).filter((keyId) => !except.includes(keyId));
  }

  private canonicalBytes(): Uint8Array | Error {
    if (this.message !== undefined) return this.message;
    // A batch runs the same code twice on the same objects: the bytes are computed once for both runs.
    const shared = typeof this.raw === 'object' && this.raw !== null ? this.checks.scratch?.get(this.raw) : undefined;
    if (shared instanceof Uint8Array || shared instanceof Error) return (this.message = shared);
    try {
      this.message = signedBytes(this.raw, SIGNED_OBJECT_LIMITS);
    } catch (error) {
      this.message = error instanceof Error ? error : new Error(String(error));
    }
    if (typeof this.raw === 'object' && this.raw !== null) this.checks.scratch?.set(this.raw, this.message);
    return this.message;
  }
}

/**
 * Matrix writes signatures as unpadded base64, and the spec says decoders
 * SHOULD accept padding too; matrix-sdk-crypto does. A signature is only ever
 * verified, never compared or remembered as an identity, so a padded spelling
 * is accepted here (canonical padding only: exactly the '=' the length needs,
 * and zero trailing bits either way). Keys stay strictly unpadded: a key is an
 * identity and must have one spelling. (Telling what a client would decode,
 * device-verification.ts reads a key this way too.)
 */
export function decodeEitherPadding(text: string): Uint8Array {
  return fromBase64(text, text.endsWith('=') ? 'required' : 'forbidden');
}
