// Safety numbers for rows of the popup and the verify page: the stable id is
// the UTF-8 of the participant id, the key is the identity key's bytes exactly
// as the messenger serializes them (docs/safety-numbers.md).
import { fromBase64, utf8 } from '../core/encoding';
import type { PublicKeyRef } from '../core/roster';
import { computeSafetyNumber } from '../core/safety-number';

export interface NumberedParty {
  id: string;
  identityKey: PublicKeyRef | null;
}

export function safetyNumberFor(self: NumberedParty, other: NumberedParty): { digits: string; scannable: Uint8Array } | null {
  if (!self.identityKey || !other.identityKey) return null;
  try {
    return computeSafetyNumber(
      { stableId: utf8(self.id), identityKey: fromBase64(self.identityKey.key) },
      { stableId: utf8(other.id), identityKey: fromBase64(other.identityKey.key) },
    );
  } catch {
    return null;
  }
}
