// Fuzz: at least 10,000 malformed /keys/query responses per run. The verifier
// must never throw, must always return a well-formed verdict, must not modify
// its input, and a fault in one user's entries must not change another user's
// verdict.

import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareCodePoints } from './canonical-json';
import { verifyUserKeysDetailed } from './cross-signing';
import { verifyUserKeys } from '../testing/verify-user-keys';
import { MAX_DEVICES_PER_USER, MAX_ID_LENGTH } from '../shared/limits';
import { toParticipantView } from './roster-view';
import { responseOf, testUser } from '../testing/keys-query-builder';
import { junkValue, mutatedDocument } from '../testing/json-mutations';

const ALICE = '@alice:example.org';
const CAROL = '@carol:example.net';
const alice = testUser(ALICE, ['PHONE', 'GHOST'], ['GHOST']);
const carol = testUser(CAROL, ['C1', '__proto__']);
const base = responseOf(alice, carol);
const aliceBaseline = verifyUserKeys(responseOf(alice), ALICE);

let responses = 0; // malformed responses generated
let checked = 0; // verdicts checked (some responses are verified for two users)
let withProblems = 0;
afterAll(() =>
  console.log(`fuzz: ${responses} malformed /keys/query responses, ${checked} verdicts checked, ${withProblems} of them with problems`),
);

type Verdict = ReturnType<typeof verifyUserKeys>;

function expectWellFormed(result: Verdict): void {
  checked++;
  if (result.problems.length > 0) withProblems++;
  expect(Object.keys(result).sort()).toEqual(['devices', 'masterKey', 'problems']);
  if (result.masterKey !== null) expect(result.masterKey).toMatch(/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]$/);
  expect(Array.isArray(result.devices)).toBe(true);
  expect(result.devices.length).toBeLessThanOrEqual(MAX_DEVICES_PER_USER);
  const ids = result.devices.map((d) => d.deviceId);
  for (const device of result.devices) {
    expect(Object.keys(device).sort()).toEqual(['crossSigned', 'deviceId']);
    expect(typeof device.deviceId).toBe('string');
    expect(device.deviceId.length).toBeGreaterThan(0);
    expect(device.deviceId.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
    expect(typeof device.crossSigned).toBe('boolean');
    // Nothing is cross-signed without an identity to sign it.
    if (device.crossSigned) expect(result.masterKey).not.toBeNull();
  }
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort(compareCodePoints)).toEqual(ids);
  expect(Array.isArray(result.problems)).toBe(true);
  expect(result.problems.length).toBeLessThanOrEqual(3 * MAX_DEVICES_PER_USER + 8);
  for (const problem of result.problems) {
    expect(typeof problem).toBe('string');
    expect(problem.length).toBeLessThanOrEqual(401);
    expect(problem).not.toMatch(/internal error/);
  }
}

/** Runs the verifier and checks the output and that the input was left alone. */
function verifyAndCheck(response: unknown, userId: string): Verdict {
  const before = safeSnapshot(response);
  const result = verifyUserKeys(response, userId);
  expectWellFormed(result);
  expect(safeSnapshot(response)).toBe(before);
  return result;
}

function safeSnapshot(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? 'undefined';
  } catch {
    return 'unserializable';
  }
}

describe('fuzz: verifyUserKeys on malformed /keys/query responses', () => {
  it('survives 6,000 damaged copies of a real response', () => {
    fc.assert(
      fc.property(mutatedDocument(base), fc.constantFrom(ALICE, CAROL), (response, userId) => {
        responses++;
        verifyAndCheck(response, userId);
      }),
      { numRuns: 6000 },
    );
  });

  it("does not let damage to one user's entries change another user's verdict (1,500 runs)", () => {
    const carolOnly = responseOf(carol);
    fc.assert(
      fc.property(mutatedDocument(carolOnly), (damaged) => {
        responses++;
        const response = damaged as Record<string, Record<string, unknown>>;
        // Put Alice's pristine entries back next to Carol's damaged ones, where the maps survived.
        for (const map of ['device_keys', 'master_keys', 'self_signing_keys'] as const) {
          const target = response?.[map];
          if (typeof target !== 'object' || target === null || Array.isArray(target)) return;
          Object.defineProperty(target, ALICE, {
            value: structuredClone(alice.response[map][ALICE]),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        expect(verifyAndCheck(response, ALICE)).toEqual(aliceBaseline);
        verifyAndCheck(response, CAROL);
      }),
      { numRuns: 1500 },
    );
  });

  it('survives 2,000 arbitrary values, including non-JSON ones', () => {
    const anything = fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        responses++;
        verifyAndCheck(value, ALICE);
      }),
      { numRuns: 2000 },
    );
  });

  it('survives 1,000 responses with junk exactly where the user entries go', () => {
    const slot = fc.constantFrom('device_keys', 'master_keys', 'self_signing_keys');
    fc.assert(
      fc.property(slot, junkValue, fc.boolean(), (where, junk, nested) => {
        responses++;
        const response = structuredClone(base) as Record<string, Record<string, unknown>>;
        if (nested && where === 'device_keys') (response.device_keys![ALICE] as Record<string, unknown>).PHONE = junk;
        else response[where]![ALICE] = junk;
        const result = verifyAndCheck(response, ALICE);
        expect(result.devices.find((d) => d.deviceId === 'GHOST')?.crossSigned ?? false).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('also returns a well-formed detailed verdict (500 runs)', () => {
    fc.assert(
      fc.property(mutatedDocument(base), (response) => {
        responses++;
        const detail = verifyUserKeysDetailed(response, ALICE);
        checked++;
        for (const device of detail.devices) {
          expect(['signed', 'unsigned', 'bad-signature', 'invalid-key']).toContain(device.vouch);
          expect(device.crossSigned).toBe(device.vouch === 'signed');
          if (device.ed25519Key !== null) expect(device.ed25519Key).toHaveLength(32);
        }
        if (detail.masterKeyBytes !== null) expect(detail.masterKeyBytes).toHaveLength(32);
        expect(detail.problems).toEqual(expect.arrayContaining(detail.identityProblems));
        // The roster model holds an identity key or a problem, never both and never neither.
        const view = toParticipantView(detail, { userId: ALICE, displayName: null, membership: 'join' }, { isSelf: false });
        expect((view.identityKey === null) === (view.identityProblem !== null)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('checked at least 10,000 malformed responses', () => {
    expect(responses).toBeGreaterThanOrEqual(10_000);
    expect(checked).toBeGreaterThanOrEqual(10_000);
  });
});
