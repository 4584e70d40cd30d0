// The alerts a verification answers: those of every kind whose rule says
// verifying closes it, about this contact and (where the rule's identity names
// one) this key. Marking verified closes them; so does an import that brings a
// verification of the current key.

import { alertIdOf } from '../alerts/alert-id';
import { ALERT_KINDS, RULES } from '../rules';
import { EMPTY_FIELDS } from '../rules/fields';
import type { PublicKeyRef } from '../../roster';

const CLOSED_BY_VERIFYING = ALERT_KINDS.filter((kind) => RULES[kind].closedByVerifying);

/** The ids of the alerts a verification of `key` for this contact closes (open or not, stored or not). */
export function alertIdsClosedByVerifying(
  contact: { origin: string; account: string; contactId: string },
  key: PublicKeyRef | null,
): string[] {
  return CLOSED_BY_VERIFYING.map((rule) =>
    alertIdOf({ ...EMPTY_FIELDS, rule, origin: contact.origin, account: contact.account, contactId: contact.contactId, key }),
  );
}
