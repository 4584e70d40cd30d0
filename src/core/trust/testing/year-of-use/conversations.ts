// The conversations of a year of use: who is in each, from when, and who
// leaves or joins during the year. Members are people's ids in roster order
// (the account holder first).

import type { ConversationKind } from '../../../roster';
import type { Random } from './random';

export interface ConversationPlan {
  id: string;
  title: string;
  kind: ConversationKind;
  /** The day KeyWatch first sees it. */
  start: number;
  members: string[];
  /** Days each member is not in it: [from, to) intervals (joined late, left, left and came back). */
  absent: Map<string, [number, number][]>;
}

export function isPresent(conversation: ConversationPlan, id: string, day: number): boolean {
  return !(conversation.absent.get(id) ?? []).some(([from, to]) => day >= from && day < to);
}

/**
 * Membership changes of a group over the year: some join after it was first
 * seen, some leave (and some of those come back). With `allThereAtTheEnd`,
 * everyone who leaves comes back before the last day.
 */
export function churn(
  conversation: ConversationPlan,
  random: Random,
  options: { join: number; leave: number; back: number; allThereAtTheEnd: boolean },
  lastDay: number,
): void {
  for (const id of conversation.members.slice(1)) {
    const intervals: [number, number][] = [];
    if (random.chance(options.join)) intervals.push([-Infinity, random.int(conversation.start + 1, lastDay - 1)]);
    const since = intervals[0]?.[1] ?? conversation.start;
    if (since < lastDay - 14 && random.chance(options.leave)) {
      const left = random.int(since + 1, lastDay - 7);
      const back = options.allThereAtTheEnd || random.chance(options.back) ? random.int(left + 1, lastDay) : Infinity;
      intervals.push([left, back]);
    }
    if (intervals.length > 0) conversation.absent.set(id, intervals);
  }
}
