// A saved roster listing a key that is not the contact's current one never reads
// as verified: the server showed Bob's key swapped in conversation A, his own key
// in B, and the user verified him again there; A's roster (what that page
// encrypted to) still lists the swapped key.

import { describe, expect, it } from 'vitest';
import { planMarkVerified } from './actions/mark-verified';
import { rosterAllVerified } from './ingest/conversation-level';
import { trustOfListedKey } from './listed-key-trust';
import { ContactRecordSchema, type ContactRecord } from './store/record-schemas';
import { readWith } from './store/read-record';
import { contactKey, conversationKey } from './store/storage-keys';
import {
  ACCOUNT,
  applyPlan,
  conversationIn,
  emptyStore,
  ingest,
  key,
  MINUTE,
  ORIGIN,
  person,
  snapshot,
  storeReader,
  T0,
  type Store,
} from './testing/test-support';

const alice = person(ACCOUNT, 100);
const [REAL, SWAPPED] = [1, 2];
const inA = { conversation: { id: 'A', title: 'A', kind: 'group' as const } };
const inB = { conversation: { id: 'B', title: 'B', kind: 'group' as const } };

function verifyBob(store: Store, at: number): Store {
  const plan = planMarkVerified(
    storeReader(store),
    { origin: ORIGIN, account: ACCOUNT, contactId: 'bob', key: key(REAL), method: 'scanned' },
    at,
  );
  if (!plan.ok) throw new Error(plan.reason);
  return applyPlan(store, plan);
}

describe('trustOfListedKey', () => {
  it('a roster saved with a swapped key is not all verified once the contact is verified again at another key', () => {
    let store = ingest(emptyStore(), snapshot([alice, person('bob', REAL)], inA), T0).store;
    store = verifyBob(store, T0 + MINUTE);
    store = ingest(store, snapshot([alice, person('bob', SWAPPED)], inA), T0 + 2 * MINUTE).store;
    store = ingest(store, snapshot([alice, person('bob', REAL)], inB), T0 + 3 * MINUTE).store;
    store = verifyBob(store, T0 + 4 * MINUTE);

    const read = storeReader(store);
    const bob = readWith(read, contactKey(ORIGIN, ACCOUNT, 'bob'), ContactRecordSchema);
    if (bob.status !== 'ok') throw new Error('no contact');
    expect(bob.value.trust).toBe('verified');
    const a = conversationIn(store, conversationKey(ORIGIN, ACCOUNT, 'A'));
    const listed = a.roster.find((m) => m.id === 'bob')!.identityKey;
    expect(listed).toEqual(key(SWAPPED));

    const storedTrust = () => bob.value.trust;
    const listedTrust = (_: string, at: number) => trustOfListedKey(bob.value, a.roster[at]!.identityKey);
    // The contact's trust alone called conversation A all verified.
    expect(
      rosterAllVerified(
        a.roster.filter((m) => !m.isSelf || true),
        storedTrust,
        a.problems,
      ),
    ).toBe(true);
    expect(rosterAllVerified(a.roster, listedTrust, a.problems)).toBe(false);
    expect(trustOfListedKey(bob.value, listed)).toBe('changed-after-verified');
    const b = conversationIn(store, conversationKey(ORIGIN, ACCOUNT, 'B'));
    expect(rosterAllVerified(b.roster, (_, at) => trustOfListedKey(bob.value, b.roster[at]!.identityKey), b.problems)).toBe(true);
  });

  it('keeps the trust of the current key and never says verified for another', () => {
    const contact: Pick<ContactRecord, 'currentKey' | 'trust'> = { currentKey: key(REAL), trust: 'verified' };
    expect(trustOfListedKey(contact, { ...key(REAL) })).toBe('verified');
    expect(trustOfListedKey(contact, null)).toBe('verified');
    expect(trustOfListedKey(contact, key(SWAPPED))).toBe('changed-after-verified');
    expect(trustOfListedKey({ currentKey: key(REAL), trust: 'accepted' }, key(SWAPPED))).toBe('changed');
    expect(trustOfListedKey({ currentKey: null, trust: 'unkeyed' }, key(SWAPPED))).toBe('changed');
  });
});
