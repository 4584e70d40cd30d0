import { describe, expect, it } from 'vitest';
import { groupMembersFromRoster, groupSafetyNumber } from '../core/group-number';
import type { ParticipantView } from '../core/roster';
import { key } from '../core/trust/testing/test-support';
import { groupNumberFor, groupNumberInputs } from './group-number-for';

const members = ['alice', 'bob', 'carol'].map((id, i) => ({ id, identityKey: key(i + 1) }));

describe('the group number of a view', () => {
  it('is the core group number over every participant', () => {
    const expected = groupSafetyNumber(groupMembersFromRoster(members as ParticipantView[])).digits;
    expect(groupNumberFor({ participants: members, rosterComplete: true })).toEqual({ ok: true, digits: expected });
  });

  it('is refused when part of the saved roster could not be read', () => {
    expect(groupNumberFor({ participants: members, rosterComplete: false })).toEqual({ ok: false, problem: 'roster-incomplete' });
  });

  it('names the members without a usable key', () => {
    const result = groupNumberFor({ participants: [...members, { id: 'dave', identityKey: null }], rosterComplete: true });
    expect(result).toMatchObject({ ok: false, problem: 'roster-invalid', reason: expect.stringMatching(/dave/) });
  });

  it('changes its inputs whenever the number changes, whatever characters the ids hold', () => {
    // Ids are page text: joined with control characters, these two rosters read the same, yet differ in who holds KE.
    const [KE, KB] = [key(66), key(2)];
    const before = [members[0]!, { id: `m\u0000${KE.algorithm}:${KE.key}\u0001n`, identityKey: KB }];
    const after = [members[0]!, { id: 'm', identityKey: KE }, { id: 'n', identityKey: KB }];
    const numberOf = (participants: typeof before) => groupNumberFor({ participants, rosterComplete: true });
    expect(numberOf(before)).not.toEqual(numberOf(after));
    expect(groupNumberInputs({ participants: before, rosterComplete: true })).not.toBe(
      groupNumberInputs({ participants: after, rosterComplete: true }),
    );
    expect(groupNumberInputs({ participants: after, rosterComplete: true })).toBe(
      groupNumberInputs({ participants: [...after], rosterComplete: true }),
    );
    expect(groupNumberInputs({ participants: after, rosterComplete: false })).not.toBe(
      groupNumberInputs({ participants: after, rosterComplete: true }),
    );
  });
});
