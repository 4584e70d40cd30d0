// What a Matrix user contributes to a safety number: the stable id is the user
// id in UTF-8, the identity key the 32-byte master cross-signing key. Only a
// master key that passed verifyUserKeys qualifies.

import { utf8 } from '../../../core/encoding';
import type { SafetyNumberParty } from '../../../core/safety-number';
import type { VerifiedUserKeys } from './cross-signing';

export function matrixSafetyNumberParty(keys: VerifiedUserKeys): SafetyNumberParty | null {
  if (keys.masterKeyBytes === null) return null;
  return { stableId: utf8(keys.userId), identityKey: keys.masterKeyBytes.slice() };
}
