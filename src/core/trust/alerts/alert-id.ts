// Alert ids come from content: kind, messenger, account and the fields the
// kind's rule names as its identity. Never from time or order.

import { RULES } from '../rules';
import { hashParts } from '../store/content-hash';
import type { AlertDraft } from './alert-draft';

export function alertIdOf(draft: AlertDraft): string {
  return hashParts([draft.rule, draft.origin, draft.account, ...RULES[draft.rule].identity(draft)]);
}
