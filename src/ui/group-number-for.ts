// The conversation's group number from the rows a view shows (docs/safety-numbers.md).
import { groupMembersFromRoster, groupSafetyNumber } from '../core/group-number';
import type { ParticipantView } from '../core/roster';

export type GroupNumberResult =
  | { ok: true; digits: string }
  /** Part of the saved roster could not be read. */
  | { ok: false; problem: 'roster-incomplete' }
  /** The roster cannot make a number (e.g. a member without a usable key); `reason` says why. */
  | { ok: false; problem: 'roster-invalid'; reason: string };

/**
 * The group number of a whole view. A roster partly unreadable from storage is
 * refused: a number over some of the members would vouch for a group nobody sees.
 */
export function groupNumberFor(view: {
  participants: readonly Pick<ParticipantView, 'id' | 'identityKey'>[];
  rosterComplete: boolean;
}): GroupNumberResult {
  if (!view.rosterComplete) return { ok: false, problem: 'roster-incomplete' };
  try {
    return { ok: true, digits: groupSafetyNumber(groupMembersFromRoster(view.participants as ParticipantView[])).digits };
  } catch (error) {
    return { ok: false, problem: 'roster-invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * What the group number of a view is made from, as one text (a memo's key): ids are page text and may hold any
 * character, so each member is a JSON tuple and two different rosters never give the same text.
 */
export function groupNumberInputs(view: {
  participants: readonly Pick<ParticipantView, 'id' | 'identityKey'>[];
  rosterComplete: boolean;
}): string {
  return JSON.stringify([
    view.rosterComplete,
    view.participants.map((p) => [p.id, p.identityKey?.algorithm ?? null, p.identityKey?.key ?? null]),
  ]);
}
