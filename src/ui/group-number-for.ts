// The conversation's group number from the rows a view shows (docs/safety-numbers.md).
import { groupMembersFromRoster, groupSafetyNumber } from '../core/group-number';
import type { ParticipantView } from '../core/roster';

export type GroupNumberResult = { ok: true; digits: string } | { ok: false; reason: string };

export function groupNumberFor(participants: readonly Pick<ParticipantView, 'id' | 'identityKey'>[]): GroupNumberResult {
  try {
    return { ok: true, digits: groupSafetyNumber(groupMembersFromRoster(participants as ParticipantView[])).digits };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
