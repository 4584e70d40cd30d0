import { describe, expect, it } from 'vitest';
import { T0 } from '../../../core/trust/testing/test-support';
import { responseOf, testUser, withDevice } from '../testing/keys-query-builder';
import {
  KEPT_RESPONSE_LIMITS,
  keptResponseOf,
  keptResponsesKey,
  planKeptResponses,
  readKeptResponses,
  withoutUsers,
  type KeptResponse,
} from './kept-responses';
import { verdictsOfKeysResponse, type KeptVerdicts, type VerifyUsers } from './keys-response';
import { rememberedIndexKey, rememberedKey } from './remembered-plan';
import { verifyObservedUsers, type RememberedKeys } from './remembered-keys';
import { responseSourceOf } from './response-source';
import { verifiedUsers } from './verified-users';
import { isMatrixUserId } from '../shared/user-id';

const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';
const ORIGIN = 'https://app.element.io';

/** What storage holds after the responses given were verified, as the background keeps it (users' records, responses kept). */
class Kept implements KeptVerdicts {
  readonly responses: KeptResponse[] = [];
  readonly users = async (userIds: readonly string[]) =>
    new Map(userIds.filter((id) => this.records.has(id)).map((id) => [id, this.records.get(id)!]));
  readonly records = new Map<string, RememberedKeys>();
  readonly response = async (source: string) =>
    readKeptResponses(JSON.parse(JSON.stringify(this.responses))).find((r) => r.source === source) ?? null;
}

/** Verifies for real, counting the users it was asked to verify. */
function verifying(): VerifyUsers & { asked: string[] } {
  const asked: string[] = [];
  const verify = async (users: Parameters<VerifyUsers>[0], kept: Parameters<VerifyUsers>[1]) => {
    const verdicts = verifyObservedUsers(users, T0, undefined, kept);
    for (const [userId, keys] of verdicts) if (kept.get(userId) !== keys) asked.push(userId);
    return verdicts;
  };
  return Object.assign(verify, { asked });
}

/** Takes a response as the background does, keeping what it keeps. */
async function take(text: string, kept: Kept, verify = verifying()) {
  const result = await verdictsOfKeysResponse(text, kept, verify, T0);
  for (const [userId, keys] of result.verified) kept.records.set(userId, keys);
  if (result.keep !== null) kept.responses.splice(0, kept.responses.length, ...planKeptResponses(kept.responses, result.keep));
  return { ...result, asked: verify.asked };
}

const two = JSON.stringify(responseOf(testUser(ALICE, ['A', 'B']), testUser(BOB, ['PHONE'])));

describe('a /keys/query response naming more users than KeyWatch reads from one', () => {
  it('keeps no verdict from before for a user it named past them: padding cannot leave a changed user as last verified', async () => {
    const kept = new Kept();
    await take(two, kept);
    expect(kept.records.get(BOB)!.masterKey).not.toBeNull();
    // A thousand and one users ahead of Bob, whose answer now carries a ghost device.
    const padded = responseOf(withDevice(testUser(BOB, ['PHONE']), 'GHOST', { crossSigned: false }));
    padded.device_keys = {
      ...Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`@pad${i}:example.org`, {}])),
      ...padded.device_keys,
    };
    const taken = await take(JSON.stringify(padded), kept);
    expect(taken.problems.join()).toMatch(/1002 users listed; only the first 1000 were read/);
    expect(taken.asked).not.toContain(BOB);
    const bob = kept.records.get(BOB)!;
    expect(bob).toMatchObject({ masterKey: null, devices: [], seenAt: T0 });
    expect(bob.identityProblems.join()).toMatch(/named more than 1000 users and this user's keys came past them, unread/);
    // Past the bound, only users with a verdict kept are written: padding there leaves nothing behind.
    expect(taken.verified.has('@pad1000:example.org')).toBe(false);
    expect(taken.verified.size).toBe(1001);
    expect(taken.keep).toBeNull();
  });
});

describe('a /keys/query response seen before', () => {
  it('takes the verdicts kept with it, after a restart too, without verifying anyone', async () => {
    const kept = new Kept();
    const first = await take(two, kept);
    expect(first.fromKeptResponse).toBe(false);
    expect(first.asked.sort()).toEqual([ALICE, BOB]);
    expect(first.keep?.users.map(([id]) => id).sort()).toEqual([ALICE, BOB]);
    verifiedUsers.clear(); // a stopped worker
    const again = await take(two, kept);
    expect(again.fromKeptResponse).toBe(true);
    expect(again.asked).toEqual([]);
    expect(again.keep).toBeNull();
    expect(again.verified).toEqual(first.verified);
  });

  it('never reuses a verdict when one key of the response changed: that user is verified again, the others keep theirs', async () => {
    const kept = new Kept();
    await take(two, kept);
    verifiedUsers.clear();
    const ghost = JSON.stringify(
      responseOf(withDevice(testUser(ALICE, ['A', 'B']), 'GHOST', { crossSigned: false }), testUser(BOB, ['PHONE'])),
    );
    const changed = await take(ghost, kept);
    expect(changed.fromKeptResponse).toBe(false);
    expect(changed.asked).toEqual([ALICE]);
    expect(changed.verified.get(ALICE)!.devices.find((d) => d.id === 'GHOST')?.vouch).toBe('unsigned');
    expect(changed.verified.get(BOB)).toBe(kept.records.get(BOB));
    // One byte more, anywhere in the text: another response.
    const spaced = await take(`${two} `, kept);
    expect(spaced.fromKeptResponse).toBe(false);
    expect(await responseSourceOf(`${two} `)).not.toBe(await responseSourceOf(two));
  });

  it('is not kept when part of it could not be read, nor named when its text is not well-formed', async () => {
    const withJunk = {
      ...responseOf(testUser(ALICE, ['A'])),
      master_keys: { ...responseOf(testUser(ALICE, ['A'])).master_keys, junk: {} },
    };
    const junk = await take(JSON.stringify(withJunk), new Kept());
    expect(junk.problems.join()).toMatch(/not keyed by a user id/);
    expect(junk.keep).toBeNull();
    expect(await responseSourceOf('{"a":"\ud800"}')).toBeNull();
    const lone = JSON.stringify(responseOf(testUser(ALICE, ['A']))).replace('}', ',"x":"\ud800"}');
    const kept = new Kept();
    expect((await take(lone, kept)).keep).toBeNull();
    expect((await take(lone, kept)).fromKeptResponse).toBe(false);
    expect((await take('not json', kept)).problems.join()).toMatch(/not JSON/);
  });

  it('keeps the servers that did not answer, with the response', async () => {
    const failing = JSON.stringify({ ...responseOf(testUser(ALICE, ['A'])), failures: { 'down.example': {} } });
    const kept = new Kept();
    expect((await take(failing, kept)).failedServers).toEqual(['down.example']);
    const again = await take(failing, kept);
    expect(again.fromKeptResponse).toBe(true);
    expect(again.failedServers).toEqual(['down.example']);
  });
});

describe('where responses are kept', () => {
  const verdicts = verifyObservedUsers(new Map([[ALICE, JSON.stringify(responseOf(testUser(ALICE, ['A'])))]]), T0);
  const entry = (n: number): KeptResponse => keptResponseOf(String(n).padStart(43, 'A'), verdicts, [])!;

  it('reads back what it wrote, and counts anything damaged or older as nothing kept', () => {
    const list = planKeptResponses([], entry(1));
    expect(readKeptResponses(JSON.parse(JSON.stringify(list)))).toEqual(list);
    expect(readKeptResponses(undefined)).toEqual([]);
    expect(readKeptResponses({ responses: list })).toEqual([]);
    expect(readKeptResponses([{ ...list[0], source: 'short' }])).toEqual([]);
    const [, verdict] = list[0]!.users[0]!;
    const { source: _, ...unsourced } = verdict;
    expect(readKeptResponses([{ ...list[0], users: [[ALICE, unsourced]] }])).toEqual([]);
    expect(readKeptResponses([{ ...list[0], users: [['alice', verdict]] }])).toEqual([]);
  });

  it('keeps no response with a user whose keys were too large to verify, or with nobody', () => {
    const big = verifyObservedUsers(new Map([[ALICE, { oversized: 700_000 }]]), T0);
    expect(keptResponseOf(entry(1).source, big, [])).toBeNull();
    expect(keptResponseOf(entry(1).source, new Map(), [])).toBeNull();
  });

  it('lets the least recently verified go past the count or the size, the same response again becoming the most recent', () => {
    let list: KeptResponse[] = [];
    for (let n = 0; n <= KEPT_RESPONSE_LIMITS.responses; n++) list = planKeptResponses(list, entry(n));
    expect(list).toHaveLength(KEPT_RESPONSE_LIMITS.responses);
    expect(list[0]!.source).toBe(entry(1).source);
    list = planKeptResponses(list, entry(1));
    expect(list.at(-1)!.source).toBe(entry(1).source);
    expect(list).toHaveLength(KEPT_RESPONSE_LIMITS.responses);
    // Large responses: the size bounds them before the count does.
    const [, verdict] = entry(99).users[0]!;
    const huge: KeptResponse = {
      ...entry(99),
      users: Array.from({ length: 400 }, (_, i): [string, RememberedKeys] => [`@u${i}:x`, verdict]),
    };
    const size = JSON.stringify(huge).length;
    expect(size * KEPT_RESPONSE_LIMITS.responses).toBeGreaterThan(KEPT_RESPONSE_LIMITS.chars);
    let heavy: KeptResponse[] = [];
    for (let n = 0; n < 100; n++) heavy = planKeptResponses(heavy, { ...huge, source: String(n).padStart(43, 'B') });
    expect(heavy.length).toBe(Math.floor(KEPT_RESPONSE_LIMITS.chars / size));
  });

  it('lets a response go when one of its users’ records is rewritten or forgotten', () => {
    const bobVerdicts = verifyObservedUsers(new Map([[BOB, JSON.stringify(responseOf(testUser(BOB, ['B'])))]]), T0);
    const bob = keptResponseOf('B'.repeat(43), bobVerdicts, [])!;
    expect(withoutUsers([entry(1), bob], new Set([ALICE]))).toEqual([bob]);
    expect(withoutUsers([entry(1), bob], new Set(['@carol:example.org']))).toEqual([entry(1), bob]);
  });

  it('has a key of its own per origin, which no user’s record can take', () => {
    expect(keptResponsesKey(ORIGIN)).not.toBe(rememberedIndexKey(ORIGIN));
    expect(keptResponsesKey(ORIGIN).startsWith(`${rememberedIndexKey(ORIGIN)}|`)).toBe(true);
    expect(keptResponsesKey(ORIGIN)).toBe(rememberedKey(ORIGIN, '#responses'));
    expect(isMatrixUserId('#responses')).toBe(false);
  });
});
