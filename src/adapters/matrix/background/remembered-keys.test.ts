import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../core/encoding';
import { T0 } from '../../../core/trust/testing/test-support';
import { usersOfKeysQuery } from './observed-state';
import { keptVerdicts, MAX_REMEMBERED_LINES, readRemembered, rememberVerified, sourceOf, verifyObservedUsers } from './remembered-keys';
import { planRemember, readIndex, REMEMBERED_LIMITS, rememberedIndexKey, rememberedKey, emptyIndex } from './remembered-plan';
import { verifyUserKeysDetailed } from './cross-signing';
import { verifiedUsers } from './verified-users';
import type { Checks } from '../../../core/signatures/checks';
import { checksNow } from '../../../core/signatures/checks';
import { responseOf, testUser, withDevice, withoutCrossSigning } from '../testing/keys-query-builder';

const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';

describe('what is remembered of a user’s keys', () => {
  it('keeps the verified master key and each device’s key and verdicts, and reads back through its schema', () => {
    const alice = withDevice(withDevice(testUser(ALICE, ['WEB']), 'GHOST', { crossSigned: false }), 'OFFLINE', { dehydrated: true });
    const remembered = verifyObservedUsers(usersOfKeysQuery(responseOf(alice)).users, T0).get(ALICE)!;
    expect(remembered).toMatchObject({
      seenAt: T0,
      identityPublished: true,
      masterKey: alice.master.text,
      identityProblems: [],
      problems: [],
    });
    expect(remembered.devices).toEqual([
      { id: 'GHOST', key: alice.devices.get('GHOST')!.text, vouch: 'unsigned', selfSigned: true, keptByClient: true, dehydrated: false },
      { id: 'OFFLINE', key: alice.devices.get('OFFLINE')!.text, vouch: 'signed', selfSigned: true, keptByClient: true, dehydrated: true },
      { id: 'WEB', key: alice.devices.get('WEB')!.text, vouch: 'signed', selfSigned: true, keptByClient: true, dehydrated: false },
    ]);
    expect(readRemembered(JSON.parse(JSON.stringify(remembered)))).toEqual(remembered);
    expect(readRemembered({ ...remembered, masterKey: 'short' })).toBeNull();
  });

  it('says when a device’s own signature fails (a client drops it) and when no identity is published at all', () => {
    const forged = withDevice(testUser(BOB, ['PHONE']), 'FORGED', { selfSignature: 'bad' });
    const bob = verifyObservedUsers(usersOfKeysQuery(responseOf(forged)).users, T0).get(BOB)!;
    expect(bob.devices.find((d) => d.id === 'FORGED')).toMatchObject({ vouch: 'bad-signature', selfSigned: false, keptByClient: false });
    const legacy = verifyObservedUsers(usersOfKeysQuery(responseOf(withoutCrossSigning(testUser(BOB, ['PHONE'])))).users, T0).get(BOB)!;
    expect(legacy).toMatchObject({ identityPublished: false, masterKey: null });
    expect(legacy.identityProblems.join()).toMatch(/no cross-signing identity/);
  });

  it('keeps at most a bounded number of problem lines, and the size of keys too large to verify', () => {
    const keys = verifyUserKeysDetailed(responseOf(testUser(ALICE, ['A'])), ALICE);
    const many = rememberVerified({ ...keys, problems: Array.from({ length: 50 }, (_, i) => `response fault ${i}`) }, T0);
    expect(many.problems).toHaveLength(MAX_REMEMBERED_LINES + 1);
    expect(many.problems.at(-1)).toBe('and 30 more problem(s)');
    expect(readRemembered(many)).not.toBeNull();
    const big = verifyObservedUsers(new Map([[ALICE, { oversized: 700_000 }]]), T0).get(ALICE)!;
    expect(big).toMatchObject({ masterKey: null, oversized: 700_000, devices: [] });
    expect(toBase64(new Uint8Array(32), false)).toHaveLength(43);
  });
});

describe('a verdict used again for exactly the same keys', () => {
  /** Checks that count what they are asked, answering as the real ones do. */
  function countingChecks(): Checks & { asked: number } {
    const counting = {
      asked: 0,
      scratch: new WeakMap<object, unknown>(),
      point: (...args: Parameters<Checks['point']>) => (counting.asked++, checksNow.point(...args)),
      signature: (...args: Parameters<Checks['signature']>) => (counting.asked++, checksNow.signature(...args)),
    };
    return counting;
  }

  it('names what it was made from: the user and the exact keys text', () => {
    const users = usersOfKeysQuery(responseOf(testUser(ALICE, ['A']), testUser(BOB, ['B']))).users;
    const alice = users.get(ALICE) as string;
    const first = verifyObservedUsers(users, T0).get(ALICE)!;
    expect(first.source).toBe(sourceOf(ALICE, alice));
    expect(sourceOf(ALICE, alice)).not.toBe(sourceOf(BOB, alice));
    expect(sourceOf(ALICE, alice)).not.toBe(sourceOf(ALICE, `${alice} `));
    expect(readRemembered(JSON.parse(JSON.stringify(first)))).toEqual(first);
  });

  it('is kept without a single check after a restart, and checked again when one byte of the keys differs', () => {
    const before = usersOfKeysQuery(responseOf(testUser(ALICE, ['A', 'B']))).users;
    const kept = verifyObservedUsers(before, T0);
    verifiedUsers.clear(); // a stopped worker
    const checks = countingChecks();
    const again = verifyObservedUsers(before, T0 + 1, checks, kept);
    expect(checks.asked).toBe(0);
    expect(again.get(ALICE)).toBe(kept.get(ALICE));
    expect(keptVerdicts(before, kept)?.get(ALICE)).toBe(kept.get(ALICE));

    // A device added by the server: other keys text, a new verdict, checked for real.
    const changed = usersOfKeysQuery(responseOf(withDevice(testUser(ALICE, ['A', 'B']), 'GHOST', { crossSigned: false }))).users;
    expect(keptVerdicts(changed, kept)).toBeNull();
    const fresh = verifyObservedUsers(changed, T0 + 2, checks, kept).get(ALICE)!;
    expect(checks.asked).toBeGreaterThan(0);
    expect(fresh.devices.find((d) => d.id === 'GHOST')?.vouch).toBe('unsigned');
    expect(fresh.source).toBe(sourceOf(ALICE, changed.get(ALICE) as string));
  });

  it('is not taken from a record kept before sources were recorded, nor for keys too large to keep', () => {
    const users = usersOfKeysQuery(responseOf(testUser(ALICE, ['A']))).users;
    const { source: _, ...old } = verifyObservedUsers(users, T0).get(ALICE)!;
    expect(keptVerdicts(users, new Map([[ALICE, old]]))).toBeNull();
    expect(verifyObservedUsers(users, T0, checksNow, new Map([[ALICE, old]])).get(ALICE)).not.toBe(old);
    expect(keptVerdicts(new Map([[ALICE, { oversized: 700_000 }]]), new Map())).toBeNull();
  });
});

describe('where it is kept, within budgets', () => {
  const ORIGIN = 'https://app.element.io';
  const one = verifyObservedUsers(usersOfKeysQuery(responseOf(testUser(ALICE, ['A']))).users, T0).get(ALICE)!;

  it('makes a user whose kept verdict was used again the most recent, without writing their record again', () => {
    const bob = verifyObservedUsers(usersOfKeysQuery(responseOf(testUser(BOB, ['B']))).users, T0).get(BOB)!;
    const both = planRemember(
      ORIGIN,
      emptyIndex(),
      new Map([
        [ALICE, one],
        [BOB, bob],
      ]),
    );
    expect(both.index.users.map(([id]) => id)).toEqual([ALICE, BOB]);
    const reused = planRemember(ORIGIN, both.index, new Map(), new Map(), new Map(), [ALICE]);
    expect(reused.index.users.map(([id]) => id)).toEqual([BOB, ALICE]);
    expect(Object.keys(reused.writes)).toEqual([rememberedIndexKey(ORIGIN)]);
    // A user never kept is not made up.
    expect(planRemember(ORIGIN, both.index, new Map(), new Map(), new Map(), ['@carol:example.org']).index.users).toEqual(both.index.users);
  });

  it('writes one record per user and the origin’s index, most recent last', () => {
    const plan = planRemember(ORIGIN, emptyIndex(), new Map([[ALICE, one]]), new Map([['#team:example.org', '!team:example.org']]));
    expect(Object.keys(plan.writes).sort()).toEqual([rememberedIndexKey(ORIGIN), rememberedKey(ORIGIN, ALICE)].sort());
    expect(plan.index.users.map(([id]) => id)).toEqual([ALICE]);
    expect(plan.index.aliases).toEqual([['#team:example.org', '!team:example.org']]);
    expect(readIndex(JSON.parse(JSON.stringify(plan.index)))).toEqual(plan.index);
    const again = planRemember(
      ORIGIN,
      {
        users: [
          [ALICE, 10],
          [BOB, 10],
        ],
        aliases: [],
        rooms: [],
      },
      new Map([[ALICE, one]]),
    );
    expect(again.index.users.map(([id]) => id)).toEqual([BOB, ALICE]);
  });

  it('forgets the least recently verified past the user count or the size', () => {
    const index = {
      users: Array.from({ length: REMEMBERED_LIMITS.users }, (_, i): [string, number] => [`@u${i}:x`, 100]),
      aliases: [],
      rooms: [],
    };
    const plan = planRemember(ORIGIN, index, new Map([[ALICE, one]]));
    expect(plan.forgotten).toEqual(['@u0:x']);
    expect(plan.deletes).toEqual([rememberedKey(ORIGIN, '@u0:x')]);
    const heavy = { users: [['@big:x', REMEMBERED_LIMITS.chars] as [string, number]], aliases: [], rooms: [] };
    expect(planRemember(ORIGIN, heavy, new Map([[ALICE, one]])).forgotten).toEqual(['@big:x']);
  });

  it('keeps the name and alias of rooms, the most recently learnt last', () => {
    const plan = planRemember(ORIGIN, emptyIndex(), new Map(), new Map(), new Map([['!team:example.org', { name: 'Team', alias: null }]]));
    expect(plan.index.rooms).toEqual([['!team:example.org', 'Team', null]]);
    expect(readIndex(JSON.parse(JSON.stringify(plan.index)))).toEqual(plan.index);
    expect(readIndex({ users: [], aliases: [] })).toEqual(emptyIndex());
  });

  it('keeps keys of different origins and users apart, whatever their characters', () => {
    expect(rememberedKey('https://a.example', '@b|c:x')).not.toBe(rememberedKey('https://a.example|@b', 'c:x'));
    expect(readIndex({ users: [['not a user', 1]], aliases: [], rooms: [] })).toEqual(emptyIndex());
  });
});
