import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { PrivateKey, PublicKey } from '@signalapp/libsignal-client';
import { toBase64, utf8 } from '../../core/encoding';
import { isCanonicalKeySpelling, respelledKey } from '../../core/key-spelling';
import type { RosterSnapshot } from '../../core/roster';
import { CheckBatch } from '../../core/signatures/deferred-checks';
import { checkSnapshot } from '../../core/trust/ingest/snapshot-check';
import { MapCheckMemory } from '../../core/signatures/testing/memory-map';
import { parseDisclosure, type ValidDisclosure } from './parse';
import { MAX_PROBLEM_LINES } from './problem-lines';
import {
  curve25519Pair,
  disclosureOf,
  ed25519Pair,
  honestDisclosure,
  type DisclosureObject,
  type KeyPair,
  type ParticipantSpec,
} from './testing/test-fixture';
import { toSnapshot } from './to-snapshot';

const ORIGIN = 'https://courier.example';

function parsed(disclosure: DisclosureObject): ValidDisclosure {
  const result = parseDisclosure(JSON.stringify(disclosure));
  if (!result.ok) throw new Error(`fixture refused: ${result.reason}`);
  return result.disclosure;
}

function snapshotOf(account: string, people: ParticipantSpec[]): RosterSnapshot {
  return toSnapshot(parsed(disclosureOf(account, people)), ORIGIN);
}

const alice = { id: 'alice', identity: ed25519Pair('alice'), devices: [] };

/** A key pair whose public key is replaced by arbitrary bytes (it can still "sign", uselessly). */
function withPublicKey(pair: KeyPair, publicKey: Uint8Array): KeyPair {
  return { ...pair, publicKey };
}

describe('toSnapshot: an honest disclosure', () => {
  it('round-trips into a snapshot where every key is valid and every device signed', () => {
    const honest = honestDisclosure();
    const snapshot = toSnapshot(parsed(honest), ORIGIN);
    expect(snapshot).toEqual({
      messenger: ORIGIN,
      adapter: 'page-protocol',
      account: 'alice',
      conversation: honest.conversation,
      problems: [],
      participants: honest.participants.map((p) => ({
        id: p.id,
        name: p.name,
        // Carol's 32-byte Curve25519 keys come out in the one spelling: 0x05 ‖ u.
        identityKey: respelledKey(p.identityKey),
        identityProblem: null,
        shown: true,
        isSelf: p.id === 'alice',
        devices: p.devices.map((d) => ({ id: d.id, key: respelledKey(d.key), vouch: 'signed', encryptedTo: true })),
      })),
    });
  });

  it('spells one key one way, however the page spells it; signatures cover the bytes as given', () => {
    const spelled = (form: 32 | 33) =>
      snapshotOf('alice', [
        alice,
        {
          id: 'bob',
          identity: curve25519Pair('spelling/bob', form),
          devices: [{ id: 'd1', key: curve25519Pair('spelling/bob/d1', form) }],
        },
      ]).participants[1]!;
    const short = spelled(32);
    const long = spelled(33);
    expect(short).toEqual(long);
    expect(short.identityKey).toEqual({ algorithm: 'curve25519', key: toBase64(curve25519Pair('spelling/bob', 33).publicKey) });
    expect(short.devices[0]).toMatchObject({ vouch: 'signed', key: { key: toBase64(curve25519Pair('spelling/bob/d1', 33).publicKey) } });
    for (const p of [short, long]) expect(isCanonicalKeySpelling(p.identityKey!) && isCanonicalKeySpelling(p.devices[0]!.key!)).toBe(true);

    // A signature over the 32-byte spelling does not cover the 33-byte one: the device is not vouched for.
    const bob = curve25519Pair('spelling/bob');
    const d1 = curve25519Pair('spelling/bob/d1', 32);
    const disclosure = disclosureOf('alice', [alice, { id: 'bob', identity: bob, devices: [{ id: 'd1', key: d1 }] }]);
    disclosure.participants[1]!.devices[0]!.key.key = toBase64(curve25519Pair('spelling/bob/d1', 33).publicKey);
    expect(toSnapshot(parsed(disclosure), ORIGIN).participants[1]!.devices[0]!.vouch).toBe('bad-signature');
  });

  it('takes the messenger from the caller (the sender tab), never from the page', () => {
    const snapshot = toSnapshot(parsed(honestDisclosure()), 'https://other.example');
    expect(snapshot.messenger).toBe('https://other.example');
    expect(JSON.stringify(snapshot)).not.toContain('Courier');
  });

  it('shares no object with the disclosure', () => {
    const disclosure = parsed(honestDisclosure());
    const snapshot = toSnapshot(disclosure, ORIGIN);
    disclosure.conversation.title = 'changed';
    disclosure.participants[0]!.identityKey.key = 'changed';
    disclosure.participants[0]!.devices[0]!.key.algorithm = 'ed25519';
    expect(snapshot.conversation.title).toBe('Team');
    expect(snapshot.participants[0]!.identityKey!.key).not.toBe('changed');
    expect(snapshot.participants[0]!.devices[0]!.key!.algorithm).toBe('curve25519');
  });

  it('passes through what the page shows and encrypts to (a hidden participant stays visible to the rules)', () => {
    const hidden = { id: 'eve', shown: false, identity: ed25519Pair('eve'), devices: [{ id: 'e1', key: curve25519Pair('eve/e1') }] };
    const snapshot = snapshotOf('alice', [alice, hidden]);
    const eve = snapshot.participants[1]!;
    expect(eve).toMatchObject({ id: 'eve', shown: false, isSelf: false });
    expect(eve.devices[0]).toMatchObject({ vouch: 'signed', encryptedTo: true });
  });

  it('verifies Signal identity keys signing with XEdDSA (keys and signatures from libsignal)', () => {
    const identityKey = PrivateKey.generate();
    const deviceKey = PrivateKey.generate().getPublicKey().serialize();
    const signal: KeyPair = {
      algorithm: 'curve25519',
      publicKey: identityKey.getPublicKey().serialize(),
      sign: (message) => identityKey.sign(new Uint8Array(message)),
    };
    const device: KeyPair = { algorithm: 'curve25519', publicKey: deviceKey, sign: () => new Uint8Array(64) };
    const snapshot = snapshotOf('alice', [alice, { id: 'bob', identity: signal, devices: [{ id: 'd1', key: device }] }]);
    expect(snapshot.participants[1]!.devices[0]!.vouch).toBe('signed');
    expect(snapshot.problems).toEqual([]);
  });

  it('makes XEdDSA signatures in its fixture that libsignal accepts', () => {
    const bob = curve25519Pair('bob');
    const message = new Uint8Array(utf8('device key bytes'));
    const signature = new Uint8Array(bob.sign(message));
    expect(PublicKey.deserialize(new Uint8Array(bob.publicKey)).verify(message, signature)).toBe(true);
    signature[5]! ^= 1;
    expect(PublicKey.deserialize(new Uint8Array(bob.publicKey)).verify(message, signature)).toBe(false);
  });
});

describe('toSnapshot: device vouching', () => {
  const owner = ed25519Pair('owner');
  const signalOwner = curve25519Pair('signal-owner');
  const deviceKey = curve25519Pair('owner/device');

  function deviceVerdict(identity: KeyPair, device: ParticipantSpec['devices'][number]): RosterSnapshot {
    return snapshotOf('alice', [alice, { id: 'owner', identity, devices: [device] }]);
  }

  it('unsigned: no signature, and no problem line (the alert rules judge it)', () => {
    const snapshot = deviceVerdict(owner, { id: 'd', key: deviceKey, signer: null });
    expect(snapshot.participants[1]!.devices[0]).toEqual({
      id: 'd',
      key: { algorithm: 'curve25519', key: toBase64(deviceKey.publicKey) },
      vouch: 'unsigned',
      encryptedTo: true,
    });
    expect(snapshot.problems).toEqual([]);
  });

  it.each([
    ['ed25519', owner],
    ['curve25519', signalOwner],
  ])('bad-signature: %s identity, device signed by another key', (_name, identity) => {
    const snapshot = deviceVerdict(identity, { id: 'd', key: deviceKey, signer: ed25519Pair('mallory') });
    expect(snapshot.participants[1]!.devices[0]!.vouch).toBe('bad-signature');
    expect(snapshot.participants[1]!.identityProblem).toBeNull();
    expect(snapshot.problems).toEqual([`participant "owner", device "d": its signature does not verify with the owner's identity key`]);
  });

  it('bad-signature: the owner signed other bytes than the key as disclosed (32-byte u vs 0x05 ‖ u)', () => {
    const raw = curve25519Pair('owner/device', 32);
    const signedOtherForm: KeyPair = { ...deviceKey, sign: () => owner.sign(raw.publicKey) };
    const snapshot = deviceVerdict(owner, { id: 'd', key: deviceKey, signer: signedOtherForm });
    expect(snapshot.participants[1]!.devices[0]!.vouch).toBe('bad-signature');
  });

  it('bad-signature: a signature of the wrong length or an XEdDSA signature checked as Ed25519', () => {
    const short: KeyPair = { ...owner, sign: (m) => owner.sign(m).slice(0, 63) };
    expect(deviceVerdict(owner, { id: 'd', key: deviceKey, signer: short }).participants[1]!.devices[0]!.vouch).toBe('bad-signature');
    // The same secret used as XEdDSA does not make an Ed25519 signature for the ed25519 identity.
    const crossed = deviceVerdict(owner, { id: 'd', key: deviceKey, signer: signalOwner });
    expect(crossed.participants[1]!.devices[0]!.vouch).toBe('bad-signature');
  });

  it('remembers verdicts by every input: the same signature under another identity is still bad', async () => {
    const memory = new MapCheckMemory();
    const batch = new CheckBatch(null, memory);
    const remembered = (identity: KeyPair, signer: KeyPair = identity) =>
      batch.run((checks) =>
        toSnapshot(
          parsed(disclosureOf('alice', [alice, { id: 'owner', identity, devices: [{ id: 'd', key: deviceKey, signer }] }])),
          ORIGIN,
          checks,
        ),
      );
    const good = await remembered(owner);
    expect(good.value.participants[1]!.devices[0]!.vouch).toBe('signed');
    expect(good.stats.signatures).toEqual({ asked: 1, remembered: 0, verified: 1 });
    const stolen = owner.sign(deviceKey.publicKey);
    const impostor: KeyPair = { ...ed25519Pair('impostor'), sign: () => stolen };
    const copied = await remembered(impostor);
    expect(copied.value.participants[1]!.devices[0]!.vouch).toBe('bad-signature');
    expect(copied.stats.signatures).toEqual({ asked: 1, remembered: 0, verified: 1 });
    // Asked again, the remembered verdicts give the same snapshots, and nothing is verified again.
    const again = await remembered(owner);
    expect(again.value).toEqual(good.value);
    expect(again.stats.signatures).toEqual({ asked: 1, remembered: 1, verified: 0 });
    expect(again.stats.keys.computed).toBe(0);
    expect((await remembered(impostor)).value).toEqual(copied.value);
  });

  it('invalid-key: a device key that is no valid key loses its key and names the fault', () => {
    const cases: [string, KeyPair, string][] = [
      ['wrong length', withPublicKey(deviceKey, new Uint8Array(31)), 'got 31'],
      ['bad prefix', withPublicKey(deviceKey, Uint8Array.of(0x06, ...deviceKey.publicKey.subarray(1))), 'must start with 0x05'],
      ['small order', withPublicKey(ed25519Pair('x'), ed25519.Point.ZERO.toBytes()), 'small order'],
      ['empty', withPublicKey(deviceKey, new Uint8Array(0)), 'got 0'],
    ];
    for (const [name, key, fault] of cases) {
      const snapshot = deviceVerdict(owner, { id: 'd', key, signer: owner });
      const device = snapshot.participants[1]!.devices[0]!;
      expect(device, name).toEqual({ id: 'd', key: null, vouch: 'invalid-key', encryptedTo: true });
      expect(snapshot.problems, name).toHaveLength(1);
      expect(snapshot.problems[0], name).toMatch(/^participant "owner", device "d": device key \((curve|ed)25519\): /);
      expect(snapshot.problems[0], name).toContain(fault);
    }
  });
});

describe('toSnapshot: identity keys', () => {
  const badIdentities: [string, KeyPair][] = [
    ['ed25519 of the wrong length', withPublicKey(ed25519Pair('o'), new Uint8Array(33))],
    ['ed25519 of small order', withPublicKey(ed25519Pair('o'), ed25519.Point.ZERO.toBytes())],
    ['curve25519 with a bad prefix', withPublicKey(curve25519Pair('o'), Uint8Array.of(0x07, ...curve25519Pair('o').publicKey.subarray(1)))],
    ['curve25519 u = 0', withPublicKey(curve25519Pair('o'), new Uint8Array(32))],
  ];

  it.each(badIdentities)('%s: identityKey null, the problem named, signed devices not vouched for', (_name, identity) => {
    const snapshot = snapshotOf('alice', [
      alice,
      {
        id: 'owner',
        identity,
        devices: [
          { id: 'signed', key: curve25519Pair('d1') },
          { id: 'unsigned', key: curve25519Pair('d2'), signer: null },
        ],
      },
    ]);
    const owner = snapshot.participants[1]!;
    expect(owner.identityKey).toBeNull();
    expect(owner.identityProblem).toMatch(/^identity key \((ed|curve)25519\): \S/);
    expect(owner.devices.map((d) => d.vouch)).toEqual(['bad-signature', 'unsigned']);
    expect(snapshot.problems).toEqual([
      `participant "owner": ${owner.identityProblem}`,
      `participant "owner", device "signed": its signature cannot be checked, the owner's identity key is invalid`,
    ]);
  });

  it('marks only the account holder as self', () => {
    const disclosure = { ...honestDisclosure(), account: 'bob' };
    const snapshot = toSnapshot(parsed(disclosure), ORIGIN);
    expect(snapshot.account).toBe('bob');
    expect(snapshot.participants.map((p) => [p.id, p.isSelf])).toEqual([
      ['alice', false],
      ['bob', true],
      ['carol', false],
    ]);
  });
});

/** A disclosure whose participants have these many devices each, every device key of the wrong length. */
function badDeviceKeys(devicesEach: number[]): ValidDisclosure {
  const identityKey = { algorithm: 'ed25519', key: toBase64(ed25519Pair('owner').publicKey) };
  const shortKey = { algorithm: 'curve25519', key: toBase64(new Uint8Array(16).fill(1)) };
  const participants = devicesEach.map((count, i) => ({
    id: `p${i}`,
    name: `P${i}`,
    identityKey,
    shown: true,
    devices: Array.from({ length: count }, (_, d) => ({ id: `d${d}`, key: shortKey, signature: null, encryptedTo: true })),
  }));
  const disclosure = { version: 1, messenger: 'M', account: 'p0', conversation: { id: 'c', title: 't', kind: 'group' }, participants };
  return parsed(disclosure as unknown as DisclosureObject);
}

describe('toSnapshot: many bad keys', () => {
  it('lists the first problems and counts the rest, so the store takes the roster and every bad device keeps its verdict', () => {
    // 157 participants × 64 devices: 10,048 problems, more lines than the store takes in one snapshot.
    const snapshot = toSnapshot(badDeviceKeys(Array(157).fill(64)), ORIGIN);
    expect(checkSnapshot(snapshot).ok).toBe(true);
    expect(snapshot.participants.flatMap((p) => p.devices.map((d) => d.vouch))).toEqual(Array(157 * 64).fill('invalid-key'));
    expect(snapshot.problems).toHaveLength(MAX_PROBLEM_LINES);
    expect(snapshot.problems[0]).toMatch(/^participant "p0", device "d0": device key \(curve25519\): /);
    expect(snapshot.problems.at(-1)).toBe(
      `and ${157 * 64 - (MAX_PROBLEM_LINES - 1)} more problems, not listed (each is still a verdict on its participant or device)`,
    );
  });

  it('lists every problem while they fit, and counts from the first one over', () => {
    const fits = toSnapshot(badDeviceKeys([64, MAX_PROBLEM_LINES - 64]), ORIGIN);
    expect(fits.problems).toHaveLength(MAX_PROBLEM_LINES);
    expect(fits.problems.every((line) => line.startsWith('participant "p'))).toBe(true);
    const over = toSnapshot(badDeviceKeys([64, MAX_PROBLEM_LINES - 63]), ORIGIN);
    expect(over.problems.slice(0, -1)).toEqual(fits.problems.slice(0, -1));
    expect(over.problems.at(-1)).toMatch(/^and 2 more problems, not listed/);
  });
});
