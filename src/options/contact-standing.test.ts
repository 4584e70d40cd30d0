import { describe, expect, it } from 'vitest';
import { collectAlerts, contactKey, type AlertRecord, type ContactRecord } from '../core/trust';
import { identityKey } from '../core/trust/testing/arbitraries';
import {
  ACCOUNT,
  applyPlan,
  emptyStore,
  ingest,
  ORIGIN,
  person,
  snapshot,
  storeReader,
  T0,
  type Store,
} from '../core/trust/testing/test-support';
import { planMarkVerified } from '../core/trust';
import { trustTone } from '../ui/trust-tone';
import { contactStanding } from './contact-standing';

const bobKey = contactKey(ORIGIN, ACCOUNT, 'bob');
const withBob = (bob: object) => snapshot([person('alice', 1), { ...person('bob', null), ...bob }]);
const usable = { identityKey: identityKey('bob', 1), identityProblem: null };
const unusable = { identityKey: null, identityProblem: 'the key type byte 0x07 is not a known key type' };

function verifiedBob(): Store {
  const seen = ingest(emptyStore(), withBob(usable), T0).store;
  const verify = planMarkVerified(
    storeReader(seen),
    { origin: ORIGIN, account: ACCOUNT, contactId: 'bob', key: identityKey('bob', 1), method: 'scanned' },
    T0 + 1000,
  );
  if (!verify.ok) throw new Error(verify.reason);
  return applyPlan(seen, verify);
}
const standingOf = (store: Store) =>
  contactStanding(
    store[bobKey] as ContactRecord,
    collectAlerts(store).alerts.filter((a: AlertRecord) => a.contactId === 'bob'),
  );

describe('a contact on the records page', () => {
  it('shows a verified contact verified, in the verified tone, while nothing is open about them', () => {
    const standing = standingOf(verifiedBob());
    expect(standing).toMatchObject({ trust: 'verified', identityProblem: null });
    expect(trustTone(standing.trust, standing.worstOpen)).toBe('ok');
  });

  it('shows invalid, never in the verified tone, once the page lists their identity key in a form that cannot be used', () => {
    const store = ingest(verifiedBob(), withBob(unusable), T0 + 2000).store;
    expect((store[bobKey] as ContactRecord).trust).toBe('verified'); // the stored trust is left as it was
    const standing = standingOf(store);
    expect(standing.trust).toBe('invalid');
    expect(standing.identityProblem).toMatchObject({ rule: 'invalid-identity', state: 'open' });
    expect(trustTone(standing.trust, standing.worstOpen)).toBe('critical');
  });
});
