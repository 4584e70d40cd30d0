// A records file that spells a key another way (32-byte Curve25519 keys, from
// an older KeyWatch or edited by hand) holds the same keys: it imports as them,
// whatever store version it says it is.
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../encoding';
import { contactKey, type ContactRecord } from '../trust';
import { ACCOUNT, applyPlan, emptyStore, ORIGIN, storeReader, T0, type Store } from '../trust/testing/test-support';
import { buildRecordsFile, serializeRecordsFile } from './export';
import { parseRecordsFile } from './parse';
import { planImport } from './plan-import';
import { storeAfter, type Step } from './testing/test-stores';
import { identityKey } from '../trust/testing/arbitraries';
import { person, snapshot } from '../trust/testing/test-support';

const NOW = T0 + 10 ** 8;
const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');

const steps: Step[] = [
  {
    kind: 'snapshot',
    wait: 1,
    snapshot: snapshot([person('alice', 1), { ...person('bob', null), identityKey: identityKey('bob', 1), identityProblem: null }]),
  },
  { kind: 'verify', person: 'bob', keyNumber: 1, method: 'scanned' },
];

/** The export's text with every 33-byte Curve25519 key written as its 32 bytes. */
function spelledShort(store: Store, storeVersion: number): string {
  const file = buildRecordsFile(store, NOW).file;
  const text = JSON.stringify({ ...file, storeVersion });
  return text.replace(/"algorithm":"curve25519","key":"([A-Za-z0-9+/=]+)"/g, (_, key: string) => {
    const bytes = fromBase64(key);
    return `"algorithm":"curve25519","key":"${toBase64(bytes.length === 33 ? bytes.subarray(1) : bytes)}"`;
  });
}

describe.each([3, 4])('a records file at store version %i with keys in their 32-byte spelling', (version) => {
  it('imports as the same keys: no conflict, nothing to change in the store it came from', () => {
    const mine = storeAfter(steps);
    const text = spelledShort(mine, version);
    expect(text).not.toContain((mine[bobKey] as ContactRecord).currentKey!.key);
    const parsed = parseRecordsFile(text, NOW);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const plan = planImport(storeReader(mine), parsed.file, {}, NOW);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.preview.conflicts).toEqual([]);
    expect(plan.writes).toEqual({});
  });

  it('restores Bob verified, at his key in its one spelling, into an empty store', () => {
    const mine = storeAfter(steps);
    const parsed = parseRecordsFile(spelledShort(mine, version), NOW);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const plan = planImport(storeReader(emptyStore()), parsed.file, {}, NOW);
    if (!plan.ok) throw new Error(plan.reason);
    const bob = applyPlan(emptyStore(), plan)[bobKey] as ContactRecord;
    expect(bob).toMatchObject({ trust: 'verified', currentKey: (mine[bobKey] as ContactRecord).currentKey });
  });
});

it('the spelled-short file really differs from the export (the test above is not vacuous)', () => {
  const mine = storeAfter(steps);
  expect(spelledShort(mine, 4)).not.toBe(serializeRecordsFile(buildRecordsFile(mine, NOW).file));
});
