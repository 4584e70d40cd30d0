import { describe, expect, it } from 'vitest';
import { groupMembersFromRoster, groupSafetyNumber } from '../core/group-number';
import type { ParticipantView } from '../core/roster';
import { key } from '../core/trust/testing/test-support';
import { groupNumberFor } from './group-number-for';

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
});
