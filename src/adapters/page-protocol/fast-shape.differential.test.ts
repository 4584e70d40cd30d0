// The plain loops of fast-shape.ts against the schema they stand in for: on
// every input, the same verdict, and for an accepted one the same output, key
// order included. Hostile texts from the fuzz mutations, then every field of an
// honest disclosure replaced, in turn, by each value of a list of edge values.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as v from 'valibot';
import { fastDisclosure } from './fast-shape';
import { PAGE_PROTOCOL_LIMITS as LIMITS } from './protocol';
import { disclosureSchema, MAX_KEY_TEXT_LENGTH } from './schema';
import { hostileText } from './testing/fuzz-mutations';
import { honestDisclosure } from './testing/test-fixture';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Both verdicts on `json`, and the outputs when both accept (as JSON, so that key order counts). */
function compare(json: unknown): { fast: string | null; schema: string | null } {
  const fast = fastDisclosure(json);
  const schema = v.safeParse(disclosureSchema, json, { abortEarly: true, abortPipeEarly: true });
  return { fast: fast === null ? null : JSON.stringify(fast), schema: schema.success ? JSON.stringify(schema.output) : null };
}

/** Every path to a value in `root`, objects' keys and arrays' items alike. */
function paths(root: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const found: (string | number)[][] = [prefix];
  if (Array.isArray(root)) root.forEach((item, i) => found.push(...paths(item, [...prefix, i])));
  else if (root !== null && typeof root === 'object')
    for (const [k, item] of Object.entries(root)) found.push(...paths(item, [...prefix, k]));
  return found;
}

/** `root` with the value at `path` replaced (or, for `undefined`, its key removed). */
function replaced(root: Json, path: (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? null : value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let at: Record<string | number, Json> = copy;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(at)) at.splice(last as number, 1);
    else delete at[last];
  } else at[last] = value;
  return copy;
}

const KEY = 'A'.repeat(43) + '=';
/** Values that sit on either side of a rule somewhere in the protocol. */
const EDGE_VALUES: (Json | undefined)[] = [
  undefined,
  null,
  true,
  false,
  0,
  1,
  2,
  '',
  'x',
  '1',
  'ed25519',
  'curve25519',
  'direct',
  'group',
  KEY,
  KEY.slice(0, -1),
  'AAAA',
  'AA==',
  'AB==',
  ' AAAA',
  'A'.repeat(MAX_KEY_TEXT_LENGTH),
  'A'.repeat(MAX_KEY_TEXT_LENGTH + 4),
  'a\u0000b',
  'a\u007fb',
  'a\u001f',
  '\ud800',
  'a\udc00b',
  '🔑',
  'x'.repeat(LIMITS.maxDeviceIdLength),
  'x'.repeat(LIMITS.maxDeviceIdLength + 1),
  'x'.repeat(LIMITS.maxParticipantIdLength),
  'x'.repeat(LIMITS.maxParticipantIdLength + 1),
  '🔑'.repeat(LIMITS.maxNameLength),
  '🔑'.repeat(LIMITS.maxNameLength + 1),
  'x'.repeat(LIMITS.maxMessengerLength + 1),
  [],
  [null],
  {},
  { algorithm: 'ed25519', key: KEY },
  { algorithm: 'ed25519', key: KEY, extra: 1 },
  { algorithm: 'x25519', key: KEY },
  { id: 'x', key: { algorithm: 'curve25519', key: KEY }, signature: null, encryptedTo: true },
  { id: 'c', title: 't', kind: 'group' },
];

describe('fast-shape: the same verdicts and outputs as the schema', () => {
  it('on 4,000 hostile variations of an honest disclosure', () => {
    let accepted = 0;
    fc.assert(
      fc.property(hostileText(honestDisclosure()), ({ text }) => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return;
        }
        const { fast, schema } = compare(json);
        expect(fast).toBe(schema);
        if (schema !== null) accepted++;
      }),
      { numRuns: 4_000, seed: 12 },
    );
    // Not only refusals: the verdicts agree on accepted disclosures too.
    expect(accepted).toBeGreaterThan(200);
  });

  it('with every field of an honest disclosure replaced by each edge value in turn', () => {
    const honest = honestDisclosure() as unknown as Json;
    let cases = 0;
    let accepted = 0;
    for (const path of paths(honest))
      for (const value of EDGE_VALUES) {
        const { fast, schema } = compare(replaced(honest, path, value));
        expect(fast, `${JSON.stringify(path)} = ${JSON.stringify(value)?.slice(0, 40)}`).toBe(schema);
        cases++;
        if (schema !== null) accepted++;
      }
    expect(cases).toBeGreaterThan(2_000);
    expect(accepted).toBeGreaterThan(100);
  });

  it('at the count limits: participants and devices', () => {
    const honest = honestDisclosure() as unknown as { participants: Array<{ devices: Json[] }> } & Json;
    const first = honest.participants[0]!;
    for (const devices of [LIMITS.maxDevicesPerParticipant, LIMITS.maxDevicesPerParticipant + 1]) {
      const many = structuredClone(honest);
      many.participants[0]!.devices = Array.from({ length: devices }, (_, i) => ({ ...(first.devices[0] as object), id: `d${i}` }));
      const { fast, schema } = compare(many);
      expect(fast).toBe(schema);
      expect(schema === null).toBe(devices > LIMITS.maxDevicesPerParticipant);
    }
    for (const count of [LIMITS.maxParticipants, LIMITS.maxParticipants + 1]) {
      const many = structuredClone(honest);
      many.participants = Array.from({ length: count }, (_, i) => ({
        ...(first as object),
        id: `p${i}`,
      })) as unknown as typeof many.participants;
      const { fast, schema } = compare(many);
      expect(fast).toBe(schema);
      expect(schema === null).toBe(count > LIMITS.maxParticipants);
    }
  });

  it('on values that are not objects, arrays standing for objects, and a missing optional field', () => {
    const honest = honestDisclosure() as unknown as Record<string, Json>;
    const withoutDevice = { ...honest };
    delete withoutDevice.accountDevice;
    for (const json of [null, 1, 'x', [], [honest], withoutDevice, { ...honest, accountDevice: null }, { ...honest, accountDevice: 'dev' }])
      expect(compare(json).fast).toBe(compare(json).schema);
  });
});
