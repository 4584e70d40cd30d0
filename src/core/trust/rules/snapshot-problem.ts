// The snapshot carries problem lines (faults found while reading or
// verifying). One alert per distinct set of lines in a conversation, not one
// per line: most lines restate a ghost-device or invalid-identity alert.

import { cleanText } from '../display-text';
import { clip, fieldsIn } from './fields';
import { conversation, message } from './message';
import { conversationOf, type Rule } from './rule';

const PROBLEM_LINES_SHOWN = 5;

const problemLines = (detail: string | null) =>
  (detail ?? '')
    .split('\n')
    .map((line) => cleanText(line, '?', 200))
    .join('\n');

export const snapshotProblem: Rule = {
  severity: 'critical',
  rank: 70,
  reopens: false,
  stage: 'roster',
  identity: (a) => [conversationOf(a), a.detail ?? ''],
  detect: (facts) => {
    const lines = [...new Set(facts.snapshot.problems)].sort();
    if (lines.length === 0) return [];
    const shown = lines.slice(0, PROBLEM_LINES_SHOWN).map((l) => clip(l, 180));
    const more = lines.length > shown.length ? `\n(and ${lines.length - shown.length} more)` : '';
    return [fieldsIn(facts.snapshot, { detail: clip(shown.join('\n') + more) })];
  },
  text: (a) => ({
    summary: message('alert_snapshotProblem_summary', conversation(a), problemLines(a.detail)),
    accepts: message('alert_snapshotProblem_accepts', conversation(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: { conversation: (c) => c.problems.length > 0 },
};
