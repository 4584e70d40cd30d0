import { describe, expect, it } from 'vitest';
import { computeSafetyNumber } from '../../../core/safety-number';
import { fromBase64, toBase64, utf8 } from '../../../core/encoding';
import { safetyNumberFor } from '../../../ui/safety-number-for';
import { verifyQueriedUsers, verifyUserKeysDetailed } from './cross-signing';
import type { RoomMember } from './members';
import { ROSTER_MEMBERSHIPS, toParticipantView } from './roster-view';
import { corruptSignature, responseOf, testUser } from '../testing/keys-query-builder';

const ALICE = '@alice:example.org';
const BOB = '@bob:example.net';
const join = (userId: string, displayName: string | null = null): RoomMember => ({ userId, displayName, membership: 'join' });

describe('toParticipantView', () => {
  it('maps the master key to the identity key and each device vouch', () => {
    const alice = testUser(ALICE, ['GOOD', 'GHOST', 'FORGED'], ['GHOST']);
    const response = responseOf(alice) as Record<string, any>;
    const forged = response.device_keys[ALICE].FORGED.signatures[ALICE];
    const sskId = `ed25519:${alice.selfSigning.text}`;
    forged[sskId] = corruptSignature(forged[sskId]);

    const view = toParticipantView(verifyUserKeysDetailed(response, ALICE), join(ALICE, 'Alice'), { isSelf: false });
    expect(view).toEqual({
      id: ALICE,
      name: 'Alice',
      identityKey: { algorithm: 'ed25519', key: toBase64(alice.master.publicKey) },
      identityProblem: null,
      shown: true,
      isSelf: false,
      devices: [
        {
          id: 'FORGED',
          key: { algorithm: 'ed25519', key: toBase64(alice.devices.get('FORGED')!.publicKey) },
          vouch: 'bad-signature',
          encryptedTo: true,
        },
        {
          id: 'GHOST',
          key: { algorithm: 'ed25519', key: toBase64(alice.devices.get('GHOST')!.publicKey) },
          vouch: 'unsigned',
          encryptedTo: true,
        },
        {
          id: 'GOOD',
          key: { algorithm: 'ed25519', key: toBase64(alice.devices.get('GOOD')!.publicKey) },
          vouch: 'signed',
          encryptedTo: true,
        },
      ],
    });
    // Roster keys are padded base64 of the same bytes Matrix writes unpadded.
    expect(fromBase64(view.identityKey!.key)).toEqual(fromBase64(alice.master.text, 'forbidden'));
  });

  it('keeps a sound master key as the identity when the self-signing key is missing, and falls back to the user id as the name', () => {
    const response = responseOf(testUser(ALICE, ['A'])) as Record<string, any>;
    delete response.self_signing_keys[ALICE];
    const keys = verifyUserKeysDetailed(response, ALICE);
    expect(keys.identityProblems[0]).toMatch(/self-signing key: none published/);
    const view = toParticipantView(keys, join(ALICE), { isSelf: true });
    expect(view.name).toBe(ALICE);
    expect(view.isSelf).toBe(true);
    // A key or a problem, never both: the fault below the master key shows on the device.
    expect(view.identityKey).not.toBeNull();
    expect(view.identityProblem).toBeNull();
    expect(view.devices.map((d) => d.vouch)).not.toContain('signed');
  });

  it('shows invited members, lets the caller decide encryption, and hides members who left', () => {
    const response = responseOf(testUser(ALICE, ['A']));
    const keys = verifyUserKeysDetailed(response, ALICE);
    const invited = toParticipantView(
      keys,
      { userId: ALICE, displayName: null, membership: 'invite' },
      { isSelf: false, encryptedTo: false },
    );
    expect(invited.shown).toBe(true);
    expect(invited.devices.map((d) => d.encryptedTo)).toEqual([false]);
    const left = toParticipantView(keys, { userId: ALICE, displayName: null, membership: 'leave' }, { isSelf: false });
    expect(left.shown).toBe(false);
    expect(left.devices.map((d) => d.encryptedTo)).toEqual([false]);
  });

  it("refuses to attach one user's keys to another member", () => {
    const keys = verifyUserKeysDetailed(responseOf(testUser(ALICE, ['A'])), ALICE);
    const view = toParticipantView(keys, join(BOB), { isSelf: false });
    expect(view.identityKey).toBeNull();
    expect(view.devices).toEqual([]);
    expect(view.identityProblem).toBe(`"${BOB}": keys given are those of "${ALICE}"`);
  });
});

/** The roster of a room from one /keys/query response, as room-snapshot.ts builds it. */
function participantsFromResponse(response: unknown, members: readonly RoomMember[], account: string) {
  const shown = members.filter((m) => ROSTER_MEMBERSHIPS.has(m.membership));
  const verified = verifyQueriedUsers(
    response,
    shown.map((m) => m.userId),
  );
  return shown.map((member, i) => toParticipantView(verified[i]!, member, { isSelf: member.userId === account }));
}

describe('a roster from one response', () => {
  it('lists joined and invited members with their verified keys', () => {
    const alice = testUser(ALICE, ['A1']);
    const bob = testUser(BOB, ['B1']);
    const members: RoomMember[] = [
      join(ALICE, 'Alice'),
      { userId: BOB, displayName: 'Bob', membership: 'invite' },
      { userId: '@gone:x', displayName: null, membership: 'leave' },
      join('@nokeys:x'),
    ];
    const participants = participantsFromResponse(responseOf(alice, bob), members, ALICE);
    expect(participants.map((p) => [p.id, p.isSelf, p.identityKey?.key ?? null])).toEqual([
      [ALICE, true, toBase64(alice.master.publicKey)],
      [BOB, false, toBase64(bob.master.publicKey)],
      ['@nokeys:x', false, null],
    ]);
    expect(participants[2]!.identityProblem).toMatch(/no cross-signing identity/);
    expect(participants.flatMap((p) => p.devices.map((d) => d.vouch))).toEqual(['signed', 'signed']);
  });
});

describe('safety numbers of Matrix users', () => {
  const viewOf = (response: unknown, userId: string, isSelf = false) =>
    toParticipantView(verifyUserKeysDetailed(response, userId), join(userId), { isSelf });

  it('use the UTF-8 user id and the 32 master key bytes', () => {
    const alice = testUser('@ålice:example.org', ['A']);
    const bob = testUser(BOB, ['B']);
    const response = responseOf(alice, bob);
    const a = viewOf(response, alice.userId, true);
    expect(fromBase64(a.identityKey!.key)).toEqual(alice.master.publicKey);
    expect(alice.master.publicKey).toHaveLength(32);
    const expected = computeSafetyNumber(
      { stableId: utf8('@ålice:example.org'), identityKey: alice.master.publicKey },
      { stableId: utf8(BOB), identityKey: bob.master.publicKey },
    );
    expect(safetyNumberFor(a, viewOf(response, BOB))!.digits).toBe(expected.digits);
  });

  it('gives the same 60 digits on both sides, and none without a master key', () => {
    const alice = testUser(ALICE, ['A']);
    const bob = testUser(BOB, ['B']);
    const response = responseOf(alice, bob);
    const a = viewOf(response, ALICE, true);
    const b = viewOf(response, BOB);
    const fromAlice = safetyNumberFor(a, b)!;
    const fromBob = safetyNumberFor(b, a)!;
    expect(fromAlice.digits).toMatch(/^\d{60}$/);
    expect(fromAlice.digits).toBe(fromBob.digits);
    expect(safetyNumberFor(a, viewOf({}, BOB))).toBeNull();
  });
});
