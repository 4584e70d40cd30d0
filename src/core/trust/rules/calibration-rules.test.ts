// The rules that keep everyday events out of the critical alerts, messenger
// neutral: the account holder's own logins, devices the page does not encrypt
// to, people without an identity key, dehydrated devices, people not checked yet.

import { describe, expect, it } from 'vitest';
import type { ParticipantView, RosterSnapshot } from '../../roster';
import { rosterAllVerified } from '../ingest/conversation-level';
import { toRoster } from '../ingest/roster-diff';
import { englishText } from '../testing/english';
import { ACCOUNT, device, emptyStore, ingest, MINUTE, person, snapshot, T0, type Store } from '../testing/test-support';

const alice = person(ACCOUNT, 1, { devices: [device('alice-web', 11), device('alice-phone', 12)] });
const bob = person('bob', 2);
const carol = person('carol', 3);
const AT_HOME = { accountDevice: 'alice-web' };

function start(people: ParticipantView[], extra: Partial<RosterSnapshot> = AT_HOME): Store {
  return ingest(emptyStore(), snapshot(people, extra), T0).store;
}
function step(store: Store, people: ParticipantView[], extra: Partial<RosterSnapshot> = AT_HOME) {
  return ingest(store, snapshot(people, extra), T0 + MINUTE).plan;
}
const raised = (plan: { alerts: { rule: string; severity: string }[] }) => plan.alerts.map((a) => `${a.rule} ${a.severity}`).sort();
const withDevice = (p: ParticipantView, ...devices: ParticipantView['devices']) => ({ ...p, devices: [...p.devices, ...devices] });

describe('calibrated rules', () => {
  it("own-device-unverified: the account holder's other login, unsigned, is a warning asking them; this browser's is nothing", () => {
    const store = start([alice, bob]);
    const laptop = device('alice-laptop', 13, { vouch: 'unsigned' });
    const plan = step(store, [withDevice(alice, laptop), bob]);
    expect(raised(plan)).toEqual(['own-device-unverified warning']);
    expect(englishText(plan.alerts[0]!).summary).toMatch(/^A login to your own account, device “alice-laptop”.*If you did not/);
    const unsignedHere = {
      ...alice,
      devices: [device('alice-web', 11, { vouch: 'unsigned', encryptedTo: false }), device('alice-phone', 12)],
    };
    expect(raised(step(store, [unsignedHere, bob]))).toEqual([]);
  });

  it('refused-device: a device nobody vouches for that the page does not encrypt to is a warning, and blocks all verified', () => {
    const refused = device('forged', 66, { vouch: 'bad-signature', encryptedTo: false });
    const plan = step(start([alice, bob]), [alice, withDevice(bob, refused)]);
    expect(raised(plan)).toEqual(['refused-device warning']);
    expect(englishText(plan.alerts[0]!).summary).toMatch(/does not encrypt to it, so it cannot read/);
    expect(rosterAllVerified(toRoster(snapshot([alice, withDevice(bob, refused)])), () => 'verified', [])).toBe(false);
  });

  it('identity-absent: someone with no identity key at all is one warning, not an invalid identity nor a ghost per device', () => {
    const legacy = person('carol', null, {
      identityProblem: 'no cross-signing',
      identityStatus: 'absent',
      devices: [device('carol-phone', 30, { vouch: 'unsigned' })],
    });
    const first = ingest(emptyStore(), snapshot([alice, bob, legacy], AT_HOME), T0);
    expect(raised(first.plan).filter((r) => !r.endsWith('info'))).toEqual(['identity-absent warning']);
    expect(englishText(first.plan.alerts.find((a) => a.rule === 'identity-absent')!).summary).toMatch(/Carol has no identity key/);
    const more = { ...legacy, devices: [...legacy.devices, device('carol-laptop', 31, { vouch: 'unsigned' })] };
    expect(raised(step(first.store, [alice, bob, more]))).toEqual(['unvouched-device-added warning']);
    // Someone who had an identity key and has none now: that is not everyday.
    expect(raised(step(start([alice, bob, carol]), [alice, bob, legacy]))).toContain('invalid-identity critical');
  });

  it('someone whose identity key was withdrawn gets no exemption: an unvouched device encrypted to is a ghost, once', () => {
    // With the key gone, nothing vouches for her known phone either: the withdrawal itself is the one alert about it.
    const withdrawn = {
      ...carol,
      identityKey: null,
      identityProblem: 'no cross-signing',
      identityStatus: 'absent' as const,
      devices: carol.devices.map((d) => ({ ...d, vouch: 'unsigned' as const })),
    };
    const keyed = start([alice, bob, carol]);
    const afterWithdrawal = ingest(keyed, snapshot([alice, bob, withdrawn], AT_HOME), T0 + MINUTE);
    expect(raised(afterWithdrawal.plan)).toEqual(['invalid-identity critical']);
    const ghost = device('GHOST1', 90, { vouch: 'unsigned' });
    expect(
      raised(ingest(afterWithdrawal.store, snapshot([alice, bob, withDevice(withdrawn, ghost)], AT_HOME), T0 + 2 * MINUTE).plan),
    ).toEqual(['ghost-device critical']);
    const refused = device('forged', 66, { vouch: 'bad-signature', encryptedTo: false });
    expect(
      raised(ingest(afterWithdrawal.store, snapshot([alice, bob, withDevice(withdrawn, refused)], AT_HOME), T0 + 2 * MINUTE).plan),
    ).toEqual(['refused-device warning']);
  });

  it('dehydrated-device-added: a new dehydrated device signed by its owner is information', () => {
    const plan = step(start([alice, bob]), [alice, withDevice(bob, device('bob-dehydrated', 77, { dehydrated: true }))]);
    expect(raised(plan)).toEqual(['dehydrated-device-added info']);
    expect(englishText(plan.alerts[0]!).summary).toMatch(/Bob's offline device was replaced/);
  });

  it('someone not checked yet raises no identity alert and blocks all verified', () => {
    const unchecked = person('carol', null, { identityProblem: 'not checked yet', identityStatus: 'unchecked', devices: [] });
    const first = ingest(emptyStore(), snapshot([alice, bob, unchecked], AT_HOME), T0);
    // Bob's first sight only: none about the account holder, and none about Carol.
    expect(raised(first.plan)).toEqual(['first-seen info']);
    expect(first.plan.alerts.map((a) => a.contactId)).toEqual(['bob']);
    expect(rosterAllVerified(toRoster(snapshot([alice, bob, unchecked])), () => 'verified', [])).toBe(false);
  });

  it('someone seen checked with no identity key and no device: their first device is a new device, not a first sight', () => {
    const bare = person('carol', null, { identityProblem: 'no cross-signing', identityStatus: 'absent', devices: [] });
    const first = ingest(emptyStore(), snapshot([alice, bob, bare], AT_HOME), T0);
    expect(raised(first.plan).filter((r) => !r.endsWith('info'))).toEqual(['identity-absent warning']);
    // The server then adds a device the page encrypts to: nothing can vouch for it, so a warning, as for any later one.
    const added = { ...bare, devices: [device('server-added', 66, { vouch: 'unsigned' })] };
    expect(raised(step(first.store, [alice, bob, added]))).toEqual(['unvouched-device-added warning']);
    // Seen again unchecked in between (keys not fetched this time) changes nothing of that.
    const unchecked = { ...bare, identityProblem: 'not checked yet', identityStatus: 'unchecked' as const };
    const between = ingest(first.store, snapshot([alice, bob, unchecked], AT_HOME), T0 + MINUTE).store;
    expect(raised(step(between, [alice, bob, added]))).toEqual(['unvouched-device-added warning']);
  });

  it('someone first seen unchecked, then with their devices: that is the first sight of their keys, no device alert', () => {
    const unchecked = person('carol', null, { identityProblem: 'not checked yet', identityStatus: 'unchecked', devices: [] });
    const store = start([alice, bob, unchecked]);
    const absentWithDevice = person('carol', null, {
      identityProblem: 'no cross-signing',
      identityStatus: 'absent',
      devices: [device('carol-phone', 30, { vouch: 'unsigned' })],
    });
    expect(raised(step(store, [alice, bob, absentWithDevice]))).toEqual(['identity-absent warning']);
    expect(raised(step(store, [alice, bob, withDevice(carol)]))).toEqual(['first-seen info']);
  });
});
