// fast-check generators for the trust store's property and fuzz tests:
// small worlds (a handful of people, keys and devices) so that random
// sequences actually revisit the same contacts and keys.

import fc from 'fast-check';
import type { DeviceVouch, ParticipantView, RosterSnapshot } from '../../roster';
import { ACCOUNT, key, snapshot } from './test-support';

export const PEOPLE = ['bob', 'carol', 'dan', 'erin'] as const;
export const personIndex = (id: string) => (id === ACCOUNT ? 0 : PEOPLE.indexOf(id as (typeof PEOPLE)[number]) + 1);
/** Identity key n (1..4) of a person: distinct across people. */
export const identityKey = (id: string, n: number) => key(personIndex(id) * 100 + n);

const vouch = fc.constantFrom<DeviceVouch>('signed', 'signed', 'signed', 'unsigned', 'bad-signature', 'invalid-key');

const devices = (owner: string) =>
  fc
    .uniqueArray(
      fc.record({ id: fc.constantFrom('d1', 'd2', 'd3'), n: fc.integer({ min: 1, max: 3 }), vouch, encryptedTo: fc.boolean() }),
      { selector: (d) => d.id, maxLength: 3 },
    )
    .map((list) =>
      list.map((d) => ({ id: d.id, key: key(10_000 + personIndex(owner) * 100 + d.n), vouch: d.vouch, encryptedTo: d.encryptedTo })),
    );

function participant(id: string): fc.Arbitrary<ParticipantView> {
  return fc
    .record({
      keyNumber: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 8, nil: null }),
      shown: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      devices: devices(id),
    })
    .map(({ keyNumber, shown, devices: list }) => ({
      id,
      name: id.toUpperCase(),
      identityKey: keyNumber === null ? null : identityKey(id, keyNumber),
      identityProblem: keyNumber === null ? 'not on the curve' : null,
      shown: id === ACCOUNT ? true : shown,
      isSelf: id === ACCOUNT,
      devices: list,
    }));
}

export const snapshotArb: fc.Arbitrary<RosterSnapshot> = fc
  .record({
    conversation: fc.constantFrom('team', 'dm'),
    people: fc.subarray([...PEOPLE]),
    problems: fc.oneof(
      { weight: 5, arbitrary: fc.constant([] as string[]) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom('odd signature', 'late key'), { maxLength: 2 }) },
    ),
    unread: fc.option(fc.record({ states: fc.nat(3000), responses: fc.nat(5) }, { requiredKeys: [] }), { freq: 3 }),
  })
  .chain(({ conversation, people, problems, unread }) =>
    fc.tuple(participant(ACCOUNT), ...people.map(participant)).map((participants) =>
      snapshot(participants, {
        conversation: { id: conversation, title: conversation, kind: conversation === 'dm' ? 'direct' : 'group' },
        problems,
        ...(unread === null ? {} : { unread }),
      }),
    ),
  );

/** A step of a random history: the user marks one of a person's identity keys (1..3) verified. */
export interface VerifyStep {
  kind: 'verify';
  person: string;
  keyNumber: number;
}

export const verifyStepArb: fc.Arbitrary<VerifyStep> = fc.record({
  kind: fc.constant('verify' as const),
  person: fc.constantFrom(...PEOPLE),
  keyNumber: fc.integer({ min: 1, max: 3 }),
});

/** Replaces one value somewhere inside `value` (chosen by `path`) with `replacement`. */
export function mutateAt(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const entries = Object.keys(value);
  if (entries.length === 0) return replacement;
  const [head, ...rest] = path;
  const field = entries[head! % entries.length]!;
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...(value as Record<string, unknown>) };
  copy[field] = mutateAt(copy[field], rest, replacement);
  return copy;
}

/** Anything a damaged store or a hostile page could produce. */
export const junk = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withNullPrototype: true,
    withBigInt: true,
    withMap: true,
    withSet: true,
    withBoxedValues: true,
    withTypedArray: true,
    withSparseArray: true,
  }),
  fc.constantFrom(null, undefined, '', 'x'.repeat(5000), -1, Number.NaN, Infinity, [], {}, { version: 1 }),
);
