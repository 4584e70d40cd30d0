// Ed25519 public keys as Matrix writes them (unpadded base64), validated by the
// core's strict parser. Validation decompresses the point (a field square root,
// about a tenth of a millisecond), and every /keys/query response repeats the
// same keys: remember the ones that passed.

import { fromBase64 } from '../../../core/encoding';
import type { KeyRole } from '../../../core/keys';
import { parsePublicKey } from '../../../core/keys';

const CACHE_LIMIT = 4096;
const validKeys = new Map<string, Uint8Array>();

/** The 32 key bytes, or a thrown EncodingError / KeyError saying what is wrong. */
export function parseEd25519KeyText(text: string, role: KeyRole): Uint8Array {
  const id = `${role}:${text}`;
  const known = validKeys.get(id);
  if (known !== undefined) return known.slice();
  const key = parsePublicKey('ed25519', fromBase64(text, 'forbidden'), role).publicKey;
  if (validKeys.size >= CACHE_LIMIT) validKeys.delete(validKeys.keys().next().value!);
  validKeys.set(id, key.slice());
  return key;
}
