// An exact in-memory key for a signature request: every byte it covers, so two
// requests share a key only when they are the same check.
import { byteText } from './byte-text';
import type { SignatureRequest } from './signature-request';

/** A request of the shape the strict checks can accept; anything else is refused by them at once. */
export function wellShaped({ publicKey, signature, message }: SignatureRequest): boolean {
  return (
    publicKey instanceof Uint8Array &&
    publicKey.length <= 255 &&
    signature instanceof Uint8Array &&
    signature.length === 64 &&
    message instanceof Uint8Array
  );
}

/** The key of a well-shaped request (the key's length first, so the fields cannot run into one another); null otherwise. */
export function exactRequestKey(request: SignatureRequest): string | null {
  if (!wellShaped(request)) return null;
  const { scheme, publicKey, signature, message } = request;
  return `${scheme}|${publicKey.length}|${byteText(publicKey)}${byteText(signature)}${byteText(message)}`;
}
