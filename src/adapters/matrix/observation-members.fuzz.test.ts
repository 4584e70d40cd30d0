// Fuzz: malformed membership responses (/members, /joined_members, /sync)
// through the whole Matrix observation path (testing/observation-fuzz.ts says
// what is checked at each step).
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { junkValue, mutatedDocument } from './testing/json-mutations';
import { goodJoined, goodMembers, goodSync, runObservation, tallyLine, type FuzzKind } from './testing/observation-fuzz';

const bypass = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
afterAll(() => console.log(tallyLine('membership fuzz')));

describe('Matrix observation path: membership fuzz', () => {
  const kinds: Array<[FuzzKind, unknown]> = [
    ['members', goodMembers],
    ['joined-members', goodJoined],
    ['sync', goodSync],
  ];
  it.each(kinds)('survives 1,700 damaged copies of a real %s response', (kind, good) => {
    fc.assert(
      fc.property(mutatedDocument(good), bypass, (body, skip) => runObservation(kind, body, skip)),
      { numRuns: 1700 },
    );
  });

  it('survives 900 membership responses that are junk from the top', () => {
    const kind = fc.constantFrom<FuzzKind>('members', 'joined-members', 'sync');
    fc.assert(
      fc.property(kind, junkValue, bypass, (which, junk, skip) => runObservation(which, junk, skip)),
      { numRuns: 900 },
    );
  });
});
