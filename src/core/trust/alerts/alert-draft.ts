// An alert before it is stored: its kind and what its rule found, in fields.
// Its id is derived from the fields the rule names as its identity, so the same
// condition found again (in another tab, another conversation, a later
// snapshot) has the same id and never makes a duplicate.

import type { AlertKind } from '../rules';
import type { AlertFields } from '../rules/fields';

export interface AlertDraft extends AlertFields {
  rule: AlertKind;
}
