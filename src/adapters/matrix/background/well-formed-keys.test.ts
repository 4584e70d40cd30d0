// The fast path accepts only what the valibot schemas accept, and hands on the
// same values: on real objects, on objects with every limit reached, and on
// thousands of damaged ones.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CrossSigningKeySchema, DeviceKeysSchema } from '../shared/keys-query-schema';
import { mutatedDocument } from '../testing/json-mutations';
import { testUser } from '../testing/keys-query-builder';
import { wellFormedCrossSigningKey, wellFormedDeviceKeys } from './well-formed-keys';

const user = testUser('@fast:example.org', ['DEVICE1', 'DEVICE2']);
const device = user.response.device_keys['@fast:example.org'] as Record<string, unknown>;
const deviceKeys = device.DEVICE1;
const masterKey = user.response.master_keys['@fast:example.org'];
const selfSigningKey = user.response.self_signing_keys['@fast:example.org'];

/** What the verifier reads from an accepted object, from either path. */
const read = (o: Record<string, unknown>) => JSON.stringify([o.user_id, o.device_id, o.usage, o.algorithms, o.keys, o.signatures]);

function agree(raw: unknown, fast: (raw: unknown) => unknown, schema: v.GenericSchema): 'fast' | 'slow' | 'refused' {
  const quick = fast(raw) as Record<string, unknown> | null;
  const parsed = v.safeParse(schema, raw);
  if (quick !== null) {
    expect(parsed.success).toBe(true);
    expect(read(quick)).toBe(read(parsed.output as Record<string, unknown>));
    return 'fast';
  }
  return parsed.success ? 'slow' : 'refused';
}

describe('well-formed keys: the fast path and the schemas agree', () => {
  it('real objects take the fast path', () => {
    expect(agree(deviceKeys, wellFormedDeviceKeys, DeviceKeysSchema)).toBe('fast');
    expect(agree(masterKey, wellFormedCrossSigningKey, CrossSigningKeySchema)).toBe('fast');
    expect(agree(selfSigningKey, wellFormedCrossSigningKey, CrossSigningKeySchema)).toBe('fast');
  });

  it('keys the schemas drop ("__proto__", "constructor", "prototype") take the slow path', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const withKey = JSON.parse(JSON.stringify(deviceKeys).replace('"keys":{', `"keys":{"${key}":"x",`));
      expect(agree(withKey, wellFormedDeviceKeys, DeviceKeysSchema)).not.toBe('fast');
    }
  });

  it.each([
    ['device keys', deviceKeys, wellFormedDeviceKeys, DeviceKeysSchema],
    ['a master key', masterKey, wellFormedCrossSigningKey, CrossSigningKeySchema],
    ['a self-signing key', selfSigningKey, wellFormedCrossSigningKey, CrossSigningKeySchema],
  ] as const)('%s, damaged 3,000 ways', (_name, base, fast, schema) => {
    const tally = { fast: 0, slow: 0, refused: 0 };
    fc.assert(
      fc.property(mutatedDocument(base), (raw) => {
        tally[agree(raw, fast, schema as v.GenericSchema)]++;
      }),
      { numRuns: 3000 },
    );
    // The fuzz reaches both outcomes of the fast path.
    expect(tally.fast).toBeGreaterThan(100);
    expect(tally.refused).toBeGreaterThan(100);
  });
});
