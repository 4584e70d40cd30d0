// The whole path a hostile page's text takes, as the content script and the
// background run it: parse → verify into a snapshot → plan the ingest against
// the stored records → apply. 10,000 hostile disclosures in sequence on one
// store: nothing throws, every refusal has a reason, every stored record stays
// valid, and no identity key or device once recorded is ever lost.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planIngest, validateRecordAt, CONTACT_PREFIX, CURRENT_SCHEMA_VERSION, SCHEMA_KEY } from '../../core/trust';
import { hostileText } from './testing/fuzz-mutations';
import { parseDisclosure } from './parse';
import { honestDisclosure } from './testing/test-fixture';
import { toSnapshot } from './to-snapshot';

const RUNS = 10_000;
const ORIGIN = 'http://127.0.0.1:8480';

type Store = Map<string, unknown>;

function remembered(store: Store): Set<string> {
  const seen = new Set<string>();
  for (const [key, value] of store) {
    if (!key.startsWith(CONTACT_PREFIX)) continue;
    const c = value as {
      contactId: string;
      keys: Array<{ key: { key: string } }>;
      devices: Array<{ id: string; key: { key: string } | null }>;
    };
    for (const k of c.keys) seen.add(`${key} key ${k.key.key}`);
    for (const d of c.devices) seen.add(`${key} device ${d.id} ${d.key?.key ?? '-'}`);
  }
  return seen;
}

describe('page text → snapshot → trust store', () => {
  it(`survives ${RUNS} hostile disclosures in a row without losing or corrupting a record`, () => {
    const store: Store = new Map([[SCHEMA_KEY, { version: CURRENT_SCHEMA_VERSION }]]);
    let now = 1_800_000_000_000;
    let accepted = 0;
    const refusals = new Map<string, number>();
    const read = (key: string) => store.get(key);

    fc.assert(
      fc.property(hostileText(honestDisclosure()), ({ text }) => {
        now += 1_000;
        const before = remembered(store);
        const parsed = parseDisclosure(text);
        if (!parsed.ok) {
          expect(parsed.reason.length).toBeGreaterThan(0);
          const kind = parsed.reason.split(':')[0]!;
          refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
          return;
        }
        const snapshot = toSnapshot(parsed.disclosure, ORIGIN);
        const plan = planIngest(snapshot, read, now);
        if (!plan.ok) {
          expect(plan.reason.length).toBeGreaterThan(0);
          return;
        }
        accepted++;
        for (const [key, value] of Object.entries(plan.writes)) store.set(key, value);
        for (const key of plan.deletes) if (!Object.hasOwn(plan.writes, key)) store.delete(key);
        // Every record written must be valid (the rest of the store did not change).
        for (const [key, value] of Object.entries(plan.writes)) {
          const check = validateRecordAt(key, value);
          expect(check.status, `${key}: ${'reason' in check ? check.reason : ''}`).not.toBe('corrupt');
        }
        const after = remembered(store);
        for (const fact of before) expect(after.has(fact), `lost ${fact}`).toBe(true);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );

    expect(accepted).toBeGreaterThan(100);
    expect(refusals.size).toBeGreaterThan(5);
  }, 120_000);
});
