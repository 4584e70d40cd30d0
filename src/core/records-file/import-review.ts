// What an import would decide for the user, listed so that nothing of it
// happens unseen: every alert open here that it would close, and every
// verification it would add. The user confirms the list as a whole (the
// options page's review); the confirmation is a digest of exactly this list,
// so an import whose list changed since the review (an alert opened here
// meanwhile) is refused until reviewed again.

import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from '../encoding';
import type { PublicKeyRef } from '../roster';
import { keyToken, sameKey, type AlertRecord, type ContactRecord, type VerificationMethod } from '../trust';

/** An alert open here that the import closes: by the file's acknowledgement, or by a verification it brings. */
export interface ClosedAlert {
  alert: AlertRecord;
  by: 'acknowledgement' | 'verification';
}

/** A verification the file holds that this store does not. */
export interface AddedVerification {
  origin: string;
  account: string;
  contactId: string;
  name: string;
  key: PublicKeyRef;
  method: VerificationMethod;
  at: number;
  /** The key is the contact's current key after the import, and the contact is verified at it. */
  verifiesNow: boolean;
}

const verificationId = (x: { method: string; at: number; key: PublicKeyRef }) => `${x.method}|${x.at}|${keyToken(x.key)}`;

/** The verifications `after` (a contact as the import leaves it) holds that `mine` (as stored here) does not. */
export function addedVerifications(mine: ContactRecord | null, after: ContactRecord): AddedVerification[] {
  const known = new Set((mine?.verifications ?? []).map(verificationId));
  return after.verifications
    .filter((x) => !known.has(verificationId(x)))
    .map((x) => ({
      origin: after.origin,
      account: after.account,
      contactId: after.contactId,
      name: after.name,
      key: { algorithm: x.key.algorithm, key: x.key.key },
      method: x.method,
      at: x.at,
      verifiesNow: after.trust === 'verified' && sameKey(after.currentKey, x.key),
    }));
}

/** The digest the user's confirmation must carry; null when there is nothing to confirm. */
export function confirmationOf(closed: readonly ClosedAlert[], added: readonly AddedVerification[]): string | null {
  if (closed.length === 0 && added.length === 0) return null;
  const lines = [
    ...closed.map((c) => `close ${c.alert.id} ${c.by}`),
    ...added.map((x) => `verify ${JSON.stringify([x.origin, x.account, x.contactId, verificationId(x)])}`),
  ].sort();
  return toHex(sha256(utf8(lines.join('\n'))));
}
