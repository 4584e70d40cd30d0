// Alerts about the account holder themself. Versions before this one raised a
// first-sight notice ("First time KeyWatch sees Alice…") about the account
// holder, filed under whichever conversation showed them first; it never
// closed, since there is no one to compare one's own key with. The first-seen
// rule no longer raises it, and such a notice already in a store (or in a
// records file exported by an older version) is never shown: it stays in the
// store untouched, like every other record, but out of every list.

import type { AlertRecord } from '../store/record-schemas';

type AlertAbout = Pick<AlertRecord, 'rule' | 'account' | 'contactId'>;

/** The alert is about the account holder (the person it names is the account it was raised for). */
export function isAboutOneself(alert: AlertAbout): boolean {
  return alert.contactId !== null && alert.contactId === alert.account;
}

/** A first-sight notice about the account holder, as older versions raised: never shown. */
export function isFirstSightOfOneself(alert: AlertAbout): boolean {
  return alert.rule === 'first-seen' && isAboutOneself(alert);
}
