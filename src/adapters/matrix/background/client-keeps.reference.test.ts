// Differential test over a sequence of /keys/query responses: which of Bob's
// devices the client (matrix-sdk-crypto, Element's crypto, as WebAssembly) goes
// on encrypting to, against the devices KeyWatch's kept verdict says it
// encrypts to. A server shows a ghost device once, then serves a response that
// hides it from a verdict made of that response alone, but not from the client
// (client-keeps.ts), or that the client refuses as a whole (client-refusal.ts).
// Each response goes the way the extension takes it: read by the content script
// from the text the page received, then verified in the background. Every device
// the client would encrypt to must read as encrypted to, and the ghost as not
// signed: a ghost-device alert.

import { DeviceId, OlmMachine, RequestType, UserId } from '@matrix-org/matrix-sdk-crypto-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0 } from '../../../core/trust/testing/test-support';
import { corruptSignature, crossSigningKey, keyPair, responseOf, sign, testUser, withDevice } from '../testing/keys-query-builder';
import { initReference, type Json } from '../testing/matrix-sdk-reference';
import { pageEventDetail, paths } from '../testing/client-responses';
import { readPageEvent } from '../content/page-event';
import { verdictsOfKeysResponse, type KeptVerdicts } from './keys-response';
import { verifyObservedUsers, type RememberedKeys } from './remembered-keys';
import { rememberedParticipant } from './roster-view';

const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';

/** KeyWatch's side: each response verified and its verdicts kept per user, as the background keeps them. */
class KeyWatchSide implements KeptVerdicts {
  private readonly records = new Map<string, RememberedKeys>();
  readonly response = async () => null;
  readonly users = async (userIds: readonly string[]) =>
    new Map(userIds.filter((id) => this.records.has(id)).map((id) => [id, this.records.get(id)!]));

  async take(response: Json | string, at: number): Promise<void> {
    const read = readPageEvent(pageEventDetail(paths.keysQuery, response));
    if (read.status !== 'observed') return; // the content script forwards nothing of it
    const result = await verdictsOfKeysResponse(
      read.observed.body,
      this,
      async (users, kept) => verifyObservedUsers(users, at, undefined, kept),
      at,
    );
    for (const [userId, keys] of result.verified) this.records.set(userId, keys);
  }

  /** Bob as a room's roster lists him from what is kept: his devices, vouched or not, encrypted to or not. */
  bob() {
    const participant = rememberedParticipant(
      this.records.get(BOB)!,
      { userId: BOB, displayName: 'Bob', membership: 'join' },
      { isSelf: false },
    );
    return new Map(participant.devices.map((d) => [d.id, d]));
  }
}

/** The client's side: one machine that receives every response in turn. */
async function clientSide() {
  const machine = await OlmMachine.initialize(new UserId('@observer:keywatch.test'), new DeviceId('OBSERVER'));
  return {
    async take(response: Json | string, users: string[]) {
      const request = machine.queryKeysForUsers(users.map((u) => new UserId(u)));
      const text = typeof response === 'string' ? response : JSON.stringify(response);
      // A response it refuses as a whole throws here, and changes nothing it holds.
      try {
        await machine.markRequestAsSent(request.id, RequestType.KeysQuery, text);
      } catch {
        // Refused as a whole.
      }
    },
    /** The devices it would open sessions with to send Bob a room key. */
    async encryptsTo(): Promise<string[]> {
      const request = await machine.getMissingSessions([new UserId(BOB)]);
      return request ? Object.keys(JSON.parse(request.body).one_time_keys?.[BOB] ?? {}).sort() : [];
    },
    /** Whether it counts Bob's device as signed by his current self-signing key. */
    async crossSigned(deviceId: string): Promise<boolean> {
      return (await machine.getDevice(new UserId(BOB), new DeviceId(deviceId)))?.isCrossSignedByOwner() ?? false;
    },
    close: () => machine.close(),
  };
}

const alice = testUser(ALICE, ['ALICEWEB']);
const bob = testUser(BOB, ['BOBPHONE']);
const honest = responseOf(alice, bob) as Json;
const withGhost = responseOf(alice, withDevice(bob, 'GHOST', { crossSigned: false })) as Json;

/** The honest response with `device_keys` given twice, the ghost's first under `key` (JSON text): JSON.parse keeps the last. */
function twice(key: string): string {
  const { device_keys: devices, ...rest } = honest;
  const first = JSON.stringify(withGhost.device_keys);
  return `{${key}:${first},"device_keys":${JSON.stringify(devices)},${JSON.stringify(rest).slice(1)}`;
}

/** The response that follows the ghost's, each hiding it from a verdict made of it alone. */
const HIDING: Array<[string, () => Json | string]> = [
  [
    'Bob only in master_keys and self_signing_keys',
    () => {
      const r = structuredClone(honest);
      delete r.device_keys[BOB];
      return r;
    },
  ],
  [
    'the ghost with a spoilt self-signature',
    () => {
      const r = structuredClone(withGhost);
      const signatures = r.device_keys[BOB].GHOST.signatures[BOB];
      signatures['ed25519:GHOST'] = corruptSignature(signatures['ed25519:GHOST']);
      return r;
    },
  ],
  [
    'the ghost labelled as another user',
    () => {
      const r = structuredClone(withGhost);
      r.device_keys[BOB].GHOST.user_id = '@mallory:example.org';
      return r;
    },
  ],
  [
    'the ghost entry not an object',
    () => {
      const r = structuredClone(withGhost);
      r.device_keys[BOB].GHOST = 'gone';
      return r;
    },
  ],
  ['a response whose user_signing_keys is not a map', () => ({ ...structuredClone(honest), user_signing_keys: 'x' })],
  ['a response whose failures is a list', () => ({ ...structuredClone(honest), failures: [] })],
  ['a response giving device_keys twice', () => twice('"device_keys"')],
  ['a response giving device_keys twice, once spelt with an escape', () => twice('"device\\u005fkeys"')],
  ['a response giving device_keys twice, white space before the colon', () => twice(`"device_keys"${' '.repeat(40)}`)],
  ...['not-a-user-id', '@carol:bad server', '@carol:', '@carol:x.org:99999'].map((id): [string, () => Json] => [
    `a response with devices filed under ${JSON.stringify(id)}`,
    () => ({ ...structuredClone(honest), device_keys: { ...structuredClone(honest).device_keys, [id]: {} } }),
  ]),
  [
    'a response with a master key filed under a server name',
    () => ({ ...structuredClone(honest), master_keys: { ...structuredClone(honest).master_keys, 'example.org': {} } }),
  ],
  [
    'a response where one user’s devices are not a map',
    () => ({ ...structuredClone(honest), device_keys: { ...structuredClone(honest).device_keys, '@carol:example.org': 'x' } }),
  ],
  [
    'Bob without master and self-signing keys',
    () => {
      const r = structuredClone(withGhost);
      delete r.master_keys[BOB];
      delete r.self_signing_keys[BOB];
      return r;
    },
  ],
];

describe('devices the client keeps over a sequence of responses', () => {
  const clients: Array<{ close(): void }> = [];
  beforeAll(initReference);
  afterAll(() => clients.forEach((client) => client.close()));

  it.each(HIDING)('a ghost device shown once, then %s: still encrypted to, still a ghost', async (_, hiding) => {
    const keywatch = new KeyWatchSide();
    const client = await clientSide();
    clients.push(client);
    for (const [at, response] of [honest, withGhost, hiding()].entries()) {
      await keywatch.take(response, T0 + at);
      await client.take(response, [ALICE, BOB]);
    }
    const encryptsTo = await client.encryptsTo();
    expect(encryptsTo).toContain('GHOST');
    const listed = keywatch.bob();
    for (const id of encryptsTo) expect(listed.get(id)?.encryptedTo, `${id} encrypted to`).toBe(true);
    expect(listed.get('GHOST')!.vouch).not.toBe('signed');
    expect(listed.get('BOBPHONE')!.vouch).toBe('signed');
  });

  it('a device the next response leaves out is gone for both', async () => {
    const keywatch = new KeyWatchSide();
    const client = await clientSide();
    clients.push(client);
    for (const [at, response] of [withGhost, honest].entries()) {
      await keywatch.take(response, T0 + at);
      await client.take(response, [ALICE, BOB]);
    }
    expect(await client.encryptsTo()).toEqual(['BOBPHONE']);
    expect([...keywatch.bob().keys()]).toEqual(['BOBPHONE']);
  });

  // A self-signing key replaced under the same master key (a rotation, as after a leak): a device only the old one
  // signed, kept from an earlier response, is no longer its owner's for the client; the kept verdict follows.
  it('a new self-signing key under the same master key, devices left out: the kept device is no longer signed', async () => {
    const rotated = structuredClone(honest);
    const newKey = keyPair('bob ssk 2');
    rotated.self_signing_keys[BOB] = sign(crossSigningKey(BOB, 'self_signing', newKey), BOB, `ed25519:${bob.master.text}`, bob.master);
    delete rotated.device_keys[BOB];
    // Then the same rotation again, without a self-signing key it could verify: the one kept stays.
    const again = structuredClone(rotated);
    delete again.self_signing_keys[BOB];
    const keywatch = new KeyWatchSide();
    const client = await clientSide();
    clients.push(client);
    for (const [at, response] of [honest, rotated, again].entries()) {
      await keywatch.take(response, T0 + at);
      await client.take(response, [ALICE, BOB]);
      if (at === 0) continue;
      expect(await client.crossSigned('BOBPHONE')).toBe(false);
      expect(keywatch.bob().get('BOBPHONE')!.vouch).toBe('unsigned');
    }
  });
});
