import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_SEED, seedFrom } from './property-seed';

describe('the property tests’ seed', () => {
  it('is the fixed one unless FC_SEED names another, and is in force for every property', () => {
    expect(seedFrom(undefined)).toBe(FIXED_SEED);
    expect(seedFrom('')).toBe(FIXED_SEED);
    expect(seedFrom('42')).toBe(42);
    expect(Number.isSafeInteger(seedFrom('random'))).toBe(true);
    expect(() => seedFrom('soon')).toThrow(/FC_SEED/);
    if (!process.env.FC_SEED) expect(fc.readConfigureGlobal().seed).toBe(FIXED_SEED);
  });

  it('makes a property draw the same cases run after run', () => {
    // No seed given here: the one configured for every property.
    const draw = () => fc.sample(fc.array(fc.nat()), { numRuns: 5 });
    expect(draw()).toEqual(draw());
  });
});
