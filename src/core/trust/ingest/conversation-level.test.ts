import { describe, expect, it } from 'vitest';
import { EMPTY_FIELDS } from '../rules/fields';
import { nextLevel, rosterAllVerified, type LevelInput } from './conversation-level';
import type { ConversationWithRoster } from '../store/conversation-read';
import type { ConversationRecord } from '../store/record-schemas';
import { diffRoster, toRoster } from './roster-diff';
import { ACCOUNT, device, ORIGIN, person, snapshot, T0 } from '../testing/test-support';
import type { TrustState } from '../trust-machine';

const alice = person('alice', 1);
const bob = person('bob', 2);
const carol = person('carol', 3);
const all = (state: TrustState) => () => state;
const team = toRoster(snapshot([alice, bob, carol]));

const record = (level: ConversationRecord['level'], roster = team): ConversationWithRoster => ({
  origin: ORIGIN,
  account: ACCOUNT,
  conversationId: 'team',
  title: 'Team',
  kind: 'group',
  firstSeen: T0,
  lastSeen: T0,
  rosterChunks: 1,
  roster,
  problems: [],
  level,
  levelSince: T0,
});

function input(stored: ConversationWithRoster | null, people = [alice, bob, carol], extra: Partial<LevelInput> = {}): LevelInput {
  const s = snapshot(people);
  return {
    stored,
    storedRoster: stored?.roster ?? [],
    storedComplete: true,
    trustBefore: all('verified'),
    trustAfter: all('verified'),
    roster: toRoster(s),
    problems: [],
    drafts: [],
    diff: diffRoster(stored?.roster ?? null, s),
    ...extra,
  };
}

describe('all verified', () => {
  it('needs every member but the account holder verified', () => {
    expect(rosterAllVerified(team, all('verified'), [])).toBe(true);
    expect(rosterAllVerified(team, (id) => (id === 'carol' ? 'accepted' : 'verified'), [])).toBe(false);
    expect(rosterAllVerified(team, (id) => (id === 'alice' ? 'first-seen' : 'verified'), [])).toBe(true);
  });

  it('is false with nobody to verify, a hidden participant, an unusable key, an unvouched device or a problem', () => {
    expect(rosterAllVerified(toRoster(snapshot([alice])), all('verified'), [])).toBe(false);
    expect(rosterAllVerified(toRoster(snapshot([alice, bob, person('eve', 5, { shown: false })])), all('verified'), [])).toBe(false);
    expect(
      rosterAllVerified(toRoster(snapshot([alice, { ...bob, devices: [device('g', 9, { vouch: 'unsigned' })] }])), all('verified'), []),
    ).toBe(false);
    expect(
      rosterAllVerified(
        toRoster(snapshot([{ ...alice, devices: [device('g', 9, { vouch: 'bad-signature' })] }, bob])),
        all('verified'),
        [],
      ),
    ).toBe(false);
    expect(rosterAllVerified(team, all('verified'), ['something odd'])).toBe(false);
    expect(rosterAllVerified(toRoster(snapshot([alice, person('bob', null)])), all('verified'), [])).toBe(false);
  });

  it('asks no verification of people neither shown nor encrypted to, but still sees their conditions', () => {
    const former = person('old', 7, { shown: false, devices: [device('x', 8, { encryptedTo: false })] });
    expect(rosterAllVerified(toRoster(snapshot([alice, bob, former])), (id) => (id === 'old' ? 'changed' : 'verified'), [])).toBe(true);
    const ghostly = { ...former, devices: [device('x', 8, { encryptedTo: false, vouch: 'unsigned' })] };
    expect(rosterAllVerified(toRoster(snapshot([alice, bob, ghostly])), all('verified'), [])).toBe(false);
    expect(
      rosterAllVerified(toRoster(snapshot([alice, bob, person('old', null, { shown: false, devices: [] })])), all('verified'), []),
    ).toBe(false);
  });
});

describe('conversation level', () => {
  it('starts unverified or all-verified, never degraded', () => {
    expect(nextLevel(input(null))).toEqual({ level: 'all-verified', degradesNow: false });
    expect(nextLevel(input(null, undefined, { trustAfter: all('first-seen') }))).toEqual({ level: 'unverified', degradesNow: false });
  });

  it('stays all-verified while nothing happens', () => {
    expect(nextLevel(input(record('all-verified')))).toEqual({ level: 'all-verified', degradesNow: false });
  });

  it('degrades when a member is no longer verified', () => {
    expect(
      nextLevel(input(record('all-verified'), undefined, { trustAfter: (id) => (id === 'bob' ? 'changed-after-verified' : 'verified') })),
    ).toEqual({ level: 'degraded', degradesNow: true });
  });

  it('degrades on a roster change even when everyone is still verified', () => {
    expect(nextLevel(input(record('all-verified'), [alice, bob, carol, person('dan', 4)]))).toEqual({
      level: 'degraded',
      degradesNow: true,
    });
    expect(nextLevel(input(record('all-verified'), [alice, bob]))).toEqual({ level: 'degraded', degradesNow: true });
    expect(nextLevel(input(record('all-verified'), [alice, { ...bob, devices: [] }, carol]))).toMatchObject({ degradesNow: true });
  });

  it('degrades on any warning or critical finding, not on information', () => {
    const warn = { ...EMPTY_FIELDS, rule: 'record-corrupt' as const, origin: ORIGIN, account: ACCOUNT };
    const info = { ...EMPTY_FIELDS, rule: 'first-seen' as const, origin: ORIGIN, account: ACCOUNT };
    expect(nextLevel(input(record('all-verified'), undefined, { drafts: [warn] })).degradesNow).toBe(true);
    expect(nextLevel(input(record('all-verified'), undefined, { drafts: [info] })).degradesNow).toBe(false);
  });

  it('counts as all-verified before when the user verified everyone since the last snapshot', () => {
    expect(nextLevel(input(record('unverified'), [alice, bob], {}))).toEqual({ level: 'degraded', degradesNow: true });
    // Not all verified before: a change is no degradation, and the level follows the contacts now.
    expect(nextLevel(input(record('unverified'), [alice, bob], { trustBefore: all('accepted') }))).toEqual({
      level: 'all-verified',
      degradesNow: false,
    });
    expect(nextLevel(input(record('unverified'), [alice, bob], { trustBefore: all('accepted'), trustAfter: all('accepted') }))).toEqual({
      level: 'unverified',
      degradesNow: false,
    });
  });

  it('trusts only the stored level when part of the stored roster could not be read', () => {
    // Carol's part is unreadable: what is left (Alice and Bob, verified) must not pass for the whole roster.
    const partial = {
      storedRoster: toRoster(snapshot([alice, bob])),
      trustAfter: (id: string) => (id === 'carol' ? ('accepted' as const) : ('verified' as const)),
    };
    expect(nextLevel(input(record('unverified'), undefined, { ...partial, storedComplete: true }))).toEqual({
      level: 'degraded',
      degradesNow: true,
    });
    expect(nextLevel(input(record('unverified'), undefined, { ...partial, storedComplete: false }))).toEqual({
      level: 'unverified',
      degradesNow: false,
    });
    expect(nextLevel(input(record('all-verified'), undefined, { ...partial, storedComplete: false }))).toEqual({
      level: 'degraded',
      degradesNow: true,
    });
  });

  it('stays degraded until the user acknowledges, and does not degrade twice', () => {
    expect(nextLevel(input(record('degraded'), [alice, bob]))).toEqual({ level: 'degraded', degradesNow: false });
  });
});
