// Runs the rules of one stage over an ingest's facts, loudest first, and tags
// each finding with its kind.

import type { AlertDraft } from '../alerts/alert-draft';
import { KINDS_LOUDEST_FIRST, RULES, type RuleFacts } from '../rules';

export function detectAlerts(facts: RuleFacts, stage: 'roster' | 'conversation'): AlertDraft[] {
  const drafts: AlertDraft[] = [];
  for (const rule of KINDS_LOUDEST_FIRST) {
    if (RULES[rule].stage !== stage) continue;
    for (const fields of RULES[rule].detect(facts)) drafts.push({ rule, ...fields });
  }
  return drafts;
}
