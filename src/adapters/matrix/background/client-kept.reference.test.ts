// Differential test: which devices a client keeps (and so encrypts to), KeyWatch
// against matrix-sdk-crypto (Element's crypto, as WebAssembly), on devices a
// server controls: self-signed only, each refused by KeyWatch for a different
// reason. A device the client keeps must never read as one nobody encrypts to:
// that would turn a ghost device (critical) into a refused one (a warning).
// Where KeyWatch refuses by a check of its own (a limit, a canonical form it will
// not compute, a key with a small-order component) it must count the device as
// kept; where the client's own checks drop it, as dropped.

import { beforeAll, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, toBase64 } from '../../../core/encoding';
import { littleEndianToBigInt } from '../../../core/keys';
import { ed25519Signer, identityR, ORDER_8_POINT } from '../../../core/signatures/testing/crafted-signatures';
import { signedBytes } from './canonical-json';
import { verifyUserKeysDetailed } from './cross-signing';
import { rememberVerified } from './remembered-keys';
import { rememberedParticipant } from './roster-view';
import { corruptSignature, deviceKeys, keyPair, responseOf, sign, testUser } from '../testing/keys-query-builder';
import { initReference, referenceVerdicts, type Json } from '../testing/matrix-sdk-reference';

const BOB = '@bob:example.org';

/** A device of Bob's made by a server: keys `change`d, then signed by its own key (unless `change` says otherwise). */
function serverDevice(deviceId: string, change: (keys: Json) => void = () => undefined): Json {
  const key = keyPair(`server ${deviceId}`);
  const keys = deviceKeys(BOB, deviceId, key);
  change(keys);
  return sign(keys, BOB, `ed25519:${deviceId}`, key);
}

/** Self-signed with an Ed25519 key that has a small-order component, the signature ground to meet the plain equation. */
function mixedOrderDevice(deviceId: string): Json {
  const signer = ed25519Signer(new Uint8Array(32).fill(7));
  const { Point } = ed25519;
  const L = Point.Fn.ORDER;
  const key = Point.fromBytes(signer.publicKey).add(ORDER_8_POINT).toBytes();
  const keys = deviceKeys(BOB, deviceId, { text: toBase64(key, false) } as ReturnType<typeof keyPair>);
  const message = signedBytes(keys);
  for (let r = 1n; r < 1000n; r++) {
    for (let t = 0n; t < 8n; t++) {
      const torsion = t === 0n ? Point.ZERO : ORDER_8_POINT.multiply(t);
      const R = Point.BASE.multiply(r).add(torsion).toBytes();
      const k = littleEndianToBigInt(sha512(concatBytes(R, key, message))) % L;
      // [S]B = R + [k]A' holds when the torsion parts cancel: T + [k]T8 = 0.
      if (!torsion.add(k % 8n === 0n ? Point.ZERO : ORDER_8_POINT.multiply(k % 8n)).equals(Point.ZERO)) continue;
      const signature = concatBytes(R, Point.Fn.toBytes((r + k * signer.scalar) % L));
      keys.signatures = { [BOB]: { [`ed25519:${deviceId}`]: toBase64(signature, false) } };
      return keys;
    }
  }
  throw new Error('no signature found');
}

/** What each device is, and whether KeyWatch must count it kept by the client. */
const DEVICES: Array<[string, Json, { kept: boolean }]> = [
  ['SELFSIGNED', serverDevice('SELFSIGNED'), { kept: true }],
  [
    'KEYS33',
    serverDevice('KEYS33', (k) => Array.from({ length: 31 }, (_, i) => (k.keys[`signed_curve25519:K${i}`] = 'x'))),
    { kept: true },
  ],
  ['LONGALG', serverDevice('LONGALG', (k) => k.algorithms.push(`m.x.${'a'.repeat(200)}`)), { kept: true }],
  ['PADDED', serverDevice('PADDED', (k) => (k.padding = 'p'.repeat(70_000))), { kept: true }],
  [
    'NESTED',
    serverDevice('NESTED', (k) => (k.nested = Array.from({ length: 20 }).reduce<unknown>((inner) => ({ inner }), 1))),
    { kept: true },
  ],
  ['MIXEDKEY', mixedOrderDevice('MIXEDKEY'), { kept: true }],
  ['OTHERLABEL', serverDevice('OTHERLABEL', (k) => (k.user_id = '@mallory:example.org')), { kept: false }],
  ['NOSELFSIG', (() => ({ ...serverDevice('NOSELFSIG'), signatures: {} }))(), { kept: false }],
  [
    'BADSELFSIG',
    (() => {
      const d = serverDevice('BADSELFSIG');
      d.signatures[BOB]['ed25519:BADSELFSIG'] = corruptSignature(d.signatures[BOB]['ed25519:BADSELFSIG']);
      return d;
    })(),
    { kept: false },
  ],
  [
    'IDENTITYR',
    (() => {
      const key = keyPair('server IDENTITYR');
      const keys = deviceKeys(BOB, 'IDENTITYR', key);
      keys.signatures = { [BOB]: { 'ed25519:IDENTITYR': toBase64(identityR(ed25519Signer(key.secret), signedBytes(keys)), false) } };
      return keys;
    })(),
    { kept: false },
  ],
];

describe('devices a client keeps, against matrix-sdk-crypto', () => {
  let stored: Set<string>;
  const response = responseOf(testUser(BOB, ['BOBPHONE']));
  for (const [id, keys] of DEVICES) (response.device_keys[BOB] as Json)[id] = keys;

  beforeAll(async () => {
    await initReference();
    stored = (await referenceVerdicts(response, [BOB])).get(BOB)!.stored;
  }, 60_000);

  it('agrees with the client on each device it keeps or drops', () => {
    const verdict = verifyUserKeysDetailed(structuredClone(response), BOB);
    for (const [id, , expected] of DEVICES) {
      expect({ id, client: stored.has(id) }).toEqual({ id, client: expected.kept });
      expect({ id, kept: verdict.devices.find((d) => d.deviceId === id)?.keptByClient }).toEqual({ id, kept: expected.kept });
    }
  });

  it('judges each device the client keeps as one someone can read with: a ghost, not a refused device', () => {
    const verdict = verifyUserKeysDetailed(structuredClone(response), BOB);
    const view = rememberedParticipant(
      rememberVerified(verdict, 0),
      { userId: BOB, displayName: 'Bob', membership: 'join' },
      { isSelf: false },
    );
    for (const [id] of DEVICES) {
      const device = view.devices.find((d) => d.id === id)!;
      if (id === 'SELFSIGNED') expect(device).toMatchObject({ vouch: 'unsigned', encryptedTo: true });
      else
        expect({ id, vouch: device.vouch === 'signed', encryptedTo: device.encryptedTo }).toEqual({
          id,
          vouch: false,
          encryptedTo: stored.has(id),
        });
    }
  });
});
