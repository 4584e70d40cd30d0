// What an import would decide for the user, listed so that nothing of it
// happens unseen: every alert open here that it would close, every
// verification it would add, and every contact stored here whose trust it
// would change (a conflict decided for the file's key, an acceptance or an
// invalid state taken from the file, a verification it brings). The user confirms the list as a whole (the
// options page's review); the confirmation is a digest of exactly this list,
// so an import whose list changed since the review (an alert opened here
// meanwhile) is refused until reviewed again.

import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from '../encoding';
import type { PublicKeyRef } from '../roster';
import { verificationId } from './merge-contact';
import { keyToken, sameKey, type AlertRecord, type ContactRecord, type TrustState, type VerificationMethod } from '../trust';

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

/** A contact stored here whose trust state the import would change. */
export interface TrustChange {
  origin: string;
  account: string;
  contactId: string;
  name: string;
  from: TrustState;
  to: TrustState;
  /** The current key after the import. */
  key: PublicKeyRef | null;
}

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

/** How the import changes the trust of a contact stored here (`mine`), or null when it keeps it. */
export function trustChangeOf(mine: ContactRecord | null, after: ContactRecord): TrustChange | null {
  if (mine === null || mine.trust === after.trust) return null;
  const key = after.currentKey === null ? null : { algorithm: after.currentKey.algorithm, key: after.currentKey.key };
  return {
    origin: after.origin,
    account: after.account,
    contactId: after.contactId,
    name: after.name,
    from: mine.trust,
    to: after.trust,
    key,
  };
}

/** The digest the user's confirmation must carry; null when there is nothing to confirm. */
export function confirmationOf(
  closed: readonly ClosedAlert[],
  added: readonly AddedVerification[],
  trustChanged: readonly TrustChange[],
): string | null {
  if (closed.length === 0 && added.length === 0 && trustChanged.length === 0) return null;
  const lines = [
    ...closed.map((c) => `close ${c.alert.id} ${c.by}`),
    ...added.map((x) => `verify ${JSON.stringify([x.origin, x.account, x.contactId, verificationId(x)])}`),
    ...trustChanged.map((c) => `trust ${JSON.stringify([c.origin, c.account, c.contactId, c.from, c.to, c.key && keyToken(c.key)])}`),
  ].sort();
  return toHex(sha256(utf8(lines.join('\n'))));
}
