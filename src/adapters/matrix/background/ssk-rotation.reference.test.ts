// A user's self-signing key replaced under the same master key (a rotation, as after a leak): a device the old one
// signed, kept from an earlier response, is no longer vouched for by its owner, for the client (matrix-sdk-crypto) as
// for the spec. KeyWatch's kept verdict (client-keeps.ts) follows, and counts the self-signing key as part of the
// identity.
import { DeviceId, OlmMachine, RequestType, UserId } from '@matrix-org/matrix-sdk-crypto-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0 } from '../../../core/trust/testing/test-support';
import { crossSigningKey, keyPair, responseOf, sign, testUser } from '../testing/keys-query-builder';
import { initReference, type Json } from '../testing/matrix-sdk-reference';
import { pageEventDetail, paths } from '../testing/client-responses';
import { readPageEvent } from '../content/page-event';
import { verdictsOfKeysResponse, type KeptVerdicts } from './keys-response';
import { verifyObservedUsers, type RememberedKeys } from './remembered-keys';

const ALICE = '@alice:example.org';
const BOB = '@bob:example.org';

class KeyWatchSide implements KeptVerdicts {
  readonly records = new Map<string, RememberedKeys>();
  readonly response = async () => null;
  readonly users = async (ids: readonly string[]) =>
    new Map(ids.filter((id) => this.records.has(id)).map((id) => [id, this.records.get(id)!]));
  async take(response: Json, at: number) {
    const read = readPageEvent(pageEventDetail(paths.keysQuery, response));
    if (read.status !== 'observed') throw new Error(`not observed: ${JSON.stringify(read)}`);
    const result = await verdictsOfKeysResponse(
      read.observed.body,
      this,
      async (u, kept) => verifyObservedUsers(u, at, undefined, kept),
      at,
    );
    for (const [id, keys] of result.verified) this.records.set(id, keys);
  }
  vouch(deviceId: string) {
    return this.records.get(BOB)!.devices.find((d) => d.id === deviceId)?.vouch;
  }
}

async function clientSide() {
  const machine = await OlmMachine.initialize(new UserId('@observer:keywatch.test'), new DeviceId('OBSERVER'));
  return {
    machine,
    async take(response: Json) {
      const request = machine.queryKeysForUsers([new UserId(ALICE), new UserId(BOB)]);
      await machine.markRequestAsSent(request.id, RequestType.KeysQuery, JSON.stringify(response));
    },
    async crossSigned(deviceId: string) {
      return (await machine.getDevice(new UserId(BOB), new DeviceId(deviceId)))?.isCrossSignedByOwner() ?? false;
    },
  };
}

const alice = testUser(ALICE, ['ALICEWEB']);
const bob = testUser(BOB, ['BOBPHONE']);
const honest = responseOf(alice, bob) as Json;

describe('a kept verdict against the current self-signing key', () => {
  const machines: OlmMachine[] = [];
  beforeAll(initReference);
  afterAll(() => machines.forEach((m) => m.close()));

  it('a new self-signing key under the same master key, devices left out: the kept device is no longer signed', async () => {
    const ssk2 = keyPair('bob ssk 2');
    const next = structuredClone(honest);
    next.self_signing_keys[BOB] = sign(crossSigningKey(BOB, 'self_signing', ssk2), BOB, `ed25519:${bob.master.text}`, bob.master);
    delete next.device_keys[BOB];
    const kw = new KeyWatchSide();
    const client = await clientSide();
    machines.push(client.machine);
    for (const [at, r] of [honest, next].entries()) {
      await kw.take(r, T0 + at);
      await client.take(r);
    }
    expect(await client.crossSigned('BOBPHONE')).toBe(false);
    expect(kw.vouch('BOBPHONE')).toBe('unsigned');
    // The same rotation seen once more changes nothing, and a response that verifies no self-signing key keeps it.
    const again = structuredClone(next);
    delete again.self_signing_keys[BOB];
    await kw.take(again, T0 + 2);
    await client.take(again);
    expect(await client.crossSigned('BOBPHONE')).toBe(false);
    expect(kw.vouch('BOBPHONE')).toBe('unsigned');
  });
});
