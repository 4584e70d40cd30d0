// A contact's trust speaks for their current key only. A conversation's saved
// roster may list another key of theirs: one seen there before another
// conversation moved them to a new key (or back). That roster is what the page
// encrypted to when it was saved, and trust says nothing about that key.
import type { PublicKeyRef } from '../roster';
import { sameKey } from './public-keys';
import type { ContactRecord } from './store/record-schemas';
import type { TrustState } from './trust-machine';

/** The trust to show beside the key a roster lists: the contact's own for their current key, else changed (never verified). */
export function trustOfListedKey(contact: Pick<ContactRecord, 'currentKey' | 'trust'>, listed: PublicKeyRef | null): TrustState {
  if (listed === null || (contact.currentKey !== null && sameKey(contact.currentKey, listed))) return contact.trust;
  return contact.trust === 'verified' || contact.trust === 'changed-after-verified' ? 'changed-after-verified' : 'changed';
}
