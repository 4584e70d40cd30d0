// KeyWatch could not read or check everything a conversation showed: the
// snapshot carries problem lines (faults found while reading or verifying) it
// did not carry before, or the adapter missed observations before it (page
// states that came and went too fast, responses not read). One alert per
// conversation that counts every occurrence: acknowledged, it reopens at the
// next one, so one acknowledgement never silences later ones, and a flood of
// them is one alert, not one per count.
//
// A warning, not critical: it says what KeyWatch could not see, not a change it
// saw. Every change still present when the page is next read raises its own
// alert (a ghost device, a new key, a hidden participant are critical), and
// most problem lines restate one of those; what only these can hide is a
// change that came and went between two reads. Lines in the data block "all
// verified"; observations that can hide the current state keep the standing
// "not checked" (docs/coverage.md).

import type { RosterSnapshot } from '../../roster';
import { cleanText } from '../display-text';
import { clip, fieldsIn } from './fields';
import { conversation, message } from './message';
import { conversationOf, type Rule } from './rule';

const PROBLEM_LINES_SHOWN = 5;
/** Enough to show what went wrong; the alert summarises the rest. */
export const MAX_STORED_PROBLEMS = 100;

/** The problem lines as the conversation record keeps them. */
export function storedProblemLines(lines: readonly string[]): string[] {
  return lines.slice(0, MAX_STORED_PROBLEMS).map((line) => clip(line));
}

/** The observations the adapter missed, as lines of the alert. */
function unreadLines(unread: RosterSnapshot['unread']): string[] {
  const lines: string[] = [];
  if (unread?.states)
    lines.push(`the page changed ${unread.states} time(s) faster than KeyWatch could read it; those states were not checked`);
  if (unread?.responses) {
    lines.push(
      `${unread.responses} response(s) the page received were not read (too large, or too many at once); what they held was not checked`,
    );
  }
  return lines;
}

const problemLines = (detail: string | null) =>
  (detail ?? '')
    .split('\n')
    .map((line) => cleanText(line, '?', 200))
    .join('\n');

export const snapshotProblem: Rule = {
  severity: 'warning',
  rank: 70,
  reopens: true,
  counts: true,
  stage: 'roster',
  identity: (a) => [conversationOf(a)],
  detect: (facts) => {
    const before = new Set(facts.storedProblems);
    const lines = storedProblemLines(facts.snapshot.problems);
    const missed = unreadLines(facts.snapshot.unread);
    // The same lines as last time are the same condition, not a new occurrence.
    if (missed.length === 0 && lines.every((line) => before.has(line))) return [];
    const all = [...missed, ...[...new Set(lines)].sort()];
    const shown = all.slice(0, PROBLEM_LINES_SHOWN).map((l) => clip(l, 180));
    const more = all.length > shown.length ? `\n(and ${all.length - shown.length} more)` : '';
    return [fieldsIn(facts.snapshot, { detail: clip(shown.join('\n') + more) })];
  },
  text: (a) => ({
    summary:
      (a.occurrences ?? 1) > 1
        ? message('alert_snapshotProblem_summaryRepeated', conversation(a), String(a.occurrences), problemLines(a.detail))
        : message('alert_snapshotProblem_summary', conversation(a), problemLines(a.detail)),
    accepts: message('alert_snapshotProblem_accepts', conversation(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: { conversation: (c) => c.problems.length > 0 },
};
