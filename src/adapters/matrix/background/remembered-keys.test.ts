import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../core/encoding';
import { T0 } from '../../../core/trust/testing/test-support';
import { usersOfKeysQuery } from './observed-state';
import { MAX_REMEMBERED_LINES, readRemembered, rememberVerified, verifyObservedUsers } from './remembered-keys';
import { planRemember, readIndex, REMEMBERED_LIMITS, rememberedIndexKey, rememberedKey, emptyIndex } from './remembered-plan';
import { verifyUserKeysDetailed } from './cross-signing';
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
      { id: 'GHOST', key: alice.devices.get('GHOST')!.text, vouch: 'unsigned', selfSigned: true, dehydrated: false },
      { id: 'OFFLINE', key: alice.devices.get('OFFLINE')!.text, vouch: 'signed', selfSigned: true, dehydrated: true },
      { id: 'WEB', key: alice.devices.get('WEB')!.text, vouch: 'signed', selfSigned: true, dehydrated: false },
    ]);
    expect(readRemembered(JSON.parse(JSON.stringify(remembered)))).toEqual(remembered);
    expect(readRemembered({ ...remembered, masterKey: 'short' })).toBeNull();
  });

  it('says when a device’s own signature fails (a client drops it) and when no identity is published at all', () => {
    const forged = withDevice(testUser(BOB, ['PHONE']), 'FORGED', { selfSignature: 'bad' });
    const bob = verifyObservedUsers(usersOfKeysQuery(responseOf(forged)).users, T0).get(BOB)!;
    expect(bob.devices.find((d) => d.id === 'FORGED')).toMatchObject({ vouch: 'bad-signature', selfSigned: false });
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

describe('where it is kept, within budgets', () => {
  const ORIGIN = 'https://app.element.io';
  const one = verifyObservedUsers(usersOfKeysQuery(responseOf(testUser(ALICE, ['A']))).users, T0).get(ALICE)!;

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
