import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transition, TRUST_EVENTS, TRUST_STATES, TRUST_TRANSITIONS, type TrustEvent, type TrustState } from './trust-machine';

// Written out independently of the table: [state, event, expected state, illegal?]
const EXPECTED: [TrustState, TrustEvent, TrustState, boolean][] = [
  ['unkeyed', 'first-key', 'first-seen', false],
  ['unkeyed', 'same-key', 'invalid', true],
  ['unkeyed', 'new-key', 'invalid', true],
  ['unkeyed', 'verified', 'invalid', true],
  ['unkeyed', 'acknowledged', 'invalid', true],
  ['first-seen', 'first-key', 'invalid', true],
  ['first-seen', 'same-key', 'first-seen', false],
  ['first-seen', 'new-key', 'changed', false],
  ['first-seen', 'verified', 'verified', false],
  ['first-seen', 'acknowledged', 'accepted', false],
  ['accepted', 'first-key', 'invalid', true],
  ['accepted', 'same-key', 'accepted', false],
  ['accepted', 'new-key', 'changed', false],
  ['accepted', 'verified', 'verified', false],
  ['accepted', 'acknowledged', 'accepted', false],
  ['verified', 'first-key', 'invalid', true],
  ['verified', 'same-key', 'verified', false],
  ['verified', 'new-key', 'changed-after-verified', false],
  ['verified', 'verified', 'verified', false],
  ['verified', 'acknowledged', 'verified', false],
  ['changed', 'first-key', 'invalid', true],
  ['changed', 'same-key', 'changed', false],
  ['changed', 'new-key', 'changed', false],
  ['changed', 'verified', 'verified', false],
  ['changed', 'acknowledged', 'accepted', false],
  ['changed-after-verified', 'first-key', 'invalid', true],
  ['changed-after-verified', 'same-key', 'changed-after-verified', false],
  ['changed-after-verified', 'new-key', 'changed-after-verified', false],
  ['changed-after-verified', 'verified', 'verified', false],
  ['changed-after-verified', 'acknowledged', 'accepted', false],
  ['invalid', 'first-key', 'invalid', false],
  ['invalid', 'same-key', 'invalid', false],
  ['invalid', 'new-key', 'invalid', false],
  ['invalid', 'verified', 'verified', false],
  ['invalid', 'acknowledged', 'invalid', false],
];

describe('trust state machine', () => {
  it('has an entry for every state and event, and no other', () => {
    expect(Object.keys(TRUST_TRANSITIONS).sort()).toEqual([...TRUST_STATES].sort());
    for (const row of Object.values(TRUST_TRANSITIONS)) expect(Object.keys(row).sort()).toEqual([...TRUST_EVENTS].sort());
    expect(EXPECTED).toHaveLength(TRUST_STATES.length * TRUST_EVENTS.length);
  });

  it.each(EXPECTED)('%s + %s → %s', (state, event, expected, illegal) => {
    const result = transition(state, event);
    expect(result.state).toBe(expected);
    if (illegal) expect(result.illegal).toMatch(new RegExp(`"${event}" is not allowed in state "${state}"`));
    else expect(result.illegal).toBeNull();
  });

  it('refuses states and events it does not know, into invalid', () => {
    expect(transition('trusted' as TrustState, 'same-key')).toEqual({ state: 'invalid', illegal: expect.stringMatching(/"trusted"/) });
    expect(transition('verified', 'toString' as TrustEvent).state).toBe('invalid');
    expect(transition('__proto__' as TrustState, 'verified').state).toBe('invalid');
  });

  const walk = fc.tuple(fc.constantFrom(...TRUST_STATES), fc.array(fc.constantFrom(...TRUST_EVENTS), { maxLength: 30 }));
  const run = (start: TrustState, events: TrustEvent[]) =>
    events.reduce<TrustState[]>((path, e) => [...path, transition(path.at(-1)!, e).state], [start]);

  it('reaches verified only through the user verifying', () => {
    fc.assert(
      fc.property(walk, ([start, events]) => {
        const path = run(start, events);
        events.forEach((e, i) => {
          if (path[i + 1] === 'verified' && path[i] !== 'verified') expect(e).toBe('verified');
        });
      }),
    );
  });

  it('never keeps the verified mark across a key change', () => {
    fc.assert(
      fc.property(walk, ([start, events]) => {
        const path = run(start, events);
        events.forEach((e, i) => {
          if (e === 'new-key') expect(path[i + 1]).not.toBe('verified');
        });
      }),
    );
  });

  it('keeps invalid sticky until the user verifies', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TRUST_EVENTS.filter((e) => e !== 'verified')), { maxLength: 30 }), (events) => {
        expect(run('invalid', events).every((s) => s === 'invalid')).toBe(true);
      }),
    );
  });
});
