// Ed25519 public keys as Matrix writes them (unpadded base64), validated by the
// core's strict parser. The costly part of the check (decompressing the point,
// the subgroup check) comes from `checkPoint`: remembered and batched by the
// caller (core/signatures/).

import { fromBase64 } from '../../../core/encoding';
import type { KeyRole, PointCheck } from '../../../core/keys';
import { parsePublicKey } from '../../../core/keys';

/** The 32 key bytes, or a thrown EncodingError / KeyError saying what is wrong. */
export function parseEd25519KeyText(text: string, role: KeyRole, checkPoint: PointCheck): Uint8Array {
  return parsePublicKey('ed25519', fromBase64(text, 'forbidden'), role, checkPoint).publicKey;
}
