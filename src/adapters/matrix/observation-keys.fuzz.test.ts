// Fuzz: malformed /keys/query responses through the whole Matrix observation
// path (testing/observation-fuzz.ts says what is checked at each step).
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { junkValue, mutatedDocument } from './testing/json-mutations';
import { ALICE, BOB, CAROL, goodKeys, runObservation, tallyLine } from './testing/observation-fuzz';

const bypass = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
afterAll(() => console.log(tallyLine('/keys/query fuzz')));

describe('Matrix observation path: /keys/query fuzz', () => {
  it('survives 3,000 damaged copies of a real response', () => {
    fc.assert(
      fc.property(mutatedDocument(goodKeys), bypass, (body, skip) => runObservation('keys-query', body, skip)),
      { numRuns: 3000 },
    );
  });

  it("survives 1,000 responses with junk exactly where one user's entries go", () => {
    const slot = fc.constantFrom('device_keys', 'master_keys', 'self_signing_keys');
    fc.assert(
      fc.property(slot, fc.constantFrom(ALICE, BOB, CAROL), junkValue, bypass, (where, who, junk, skip) => {
        const body = structuredClone(goodKeys) as Record<string, Record<string, unknown>>;
        body[where]![who] = junk;
        runObservation('keys-query', body, skip);
      }),
      { numRuns: 1000 },
    );
  });
});
