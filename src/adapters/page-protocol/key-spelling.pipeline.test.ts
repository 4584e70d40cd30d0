// One key, two spellings, through the whole page-protocol path: a page that
// discloses a verified contact's Curve25519 key in its other spelling (32 bytes
// instead of 0x05 ‖ u, or back) discloses the same key. Nothing changes: no
// alert, the verified mark stays, one key on record.
import { describe, expect, it } from 'vitest';
import { collectAlerts, contactKey, planMarkVerified, type ContactRecord } from '../../core/trust';
import { applyPlan, emptyStore, ingest, storeReader, T0, type Store } from '../../core/trust/testing/test-support';
import { parseDisclosure } from './parse';
import { curve25519Pair, disclosureOf, ed25519Pair } from './testing/test-fixture';
import { toSnapshot } from './to-snapshot';

const ORIGIN = 'https://courier.example';
const MINUTE = 60_000;

function snapshotWithBobAs(form: 32 | 33) {
  const disclosure = disclosureOf(
    'alice',
    [
      { id: 'alice', name: 'Alice', identity: ed25519Pair('pipeline/alice'), devices: [] },
      {
        id: 'bob',
        name: 'Bob',
        identity: curve25519Pair('pipeline/bob', form),
        devices: [{ id: 'd1', key: curve25519Pair('pipeline/bob/d1', form) }],
      },
    ],
    'direct',
  );
  const parsed = parseDisclosure(JSON.stringify(disclosure));
  if (!parsed.ok) throw new Error(parsed.reason);
  return toSnapshot(parsed.disclosure, ORIGIN);
}

const bobKey = contactKey(ORIGIN, 'alice', 'bob');
const bob = (store: Store) => store[bobKey] as ContactRecord;

describe.each([
  [33, 32],
  [32, 33],
] as const)('a verified contact first disclosed with %i-byte keys, then with %i-byte keys', (first, then) => {
  it('stays verified, with one key on record and no alert', () => {
    let store = ingest(emptyStore(), snapshotWithBobAs(first), T0).store;
    const marked = planMarkVerified(
      storeReader(store),
      { origin: ORIGIN, account: 'alice', contactId: 'bob', key: bob(store).currentKey!, method: 'scanned' },
      T0 + MINUTE,
    );
    if (!marked.ok) throw new Error(marked.reason);
    store = applyPlan(store, marked);
    store = ingest(store, snapshotWithBobAs(first), T0 + 2 * MINUTE).store; // the conversation settles at all verified
    const openBefore = collectAlerts(store).alerts.filter((a) => a.state === 'open');

    const { plan, store: after } = ingest(store, snapshotWithBobAs(then), T0 + 3 * MINUTE);
    expect(plan.alerts).toEqual([]);
    expect(bob(after)).toMatchObject({ trust: 'verified', currentKey: bob(store).currentKey });
    expect(bob(after).keys).toHaveLength(1);
    expect(bob(after).devices).toHaveLength(1);
    expect(collectAlerts(after).alerts.filter((a) => a.state === 'open')).toEqual(openBefore);
  });
});
