// Alert ids come from content: rule, messenger, account and the fields the
// rule's table row names as its identity. Never from time or order.

import type { AlertDraft } from './alert-draft';
import { ruleRow } from '../rules/alert-rules';
import { hashParts } from '../store/content-hash';

export function alertIdOf(draft: AlertDraft): string {
  return hashParts([draft.rule, draft.origin, draft.account, ...ruleRow(draft.rule).identity(draft)]);
}
