// The identity key of a known contact who was not verified changed. A
// warning, as Signal and Element give it: people reset their identity (a new
// phone, a lost recovery key) far more often than anyone swaps a key, and for
// someone never verified KeyWatch has nothing better than the server's word
// for either key. The same change to a verified contact is critical
// (verified-key-changed); comparing numbers is what makes a swap visible.

import { keyChangeIdentity, keyChanges } from './key-change';
import { keyText, message, person } from './message';
import type { Rule } from './rule';

export const keyChanged: Rule = {
  severity: 'warning',
  rank: 90,
  reopens: true,
  stage: 'roster',
  identity: keyChangeIdentity,
  detect: (facts) => keyChanges(facts, false),
  // The account holder's own key: not theirs to compare numbers with, theirs to know whether they reset it.
  text: (a) =>
    a.contactId !== null && a.contactId === a.account
      ? {
          summary: message('alert_keyChanged_summary_self', keyText(a.previousKey), keyText(a.key)),
          accepts: message('alert_keyChanged_accepts_self', keyText(a.key)),
        }
      : {
          summary: message('alert_keyChanged_summary', person(a), keyText(a.previousKey), keyText(a.key)),
          accepts: message('alert_keyChanged_accepts', person(a), keyText(a.key)),
        },
  acknowledge: 'accept-key',
  closedByVerifying: true,
  blocksAllVerified: null,
};
