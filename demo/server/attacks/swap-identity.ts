// Identity swap (a man in the middle): everyone but the victim is served an
// identity key the attacker made, and device keys the attacker holds, each
// correctly signed by that fake identity. Device ids stay the same. The victim
// keeps seeing their own real keys, so their screen shows nothing odd.

import * as v from 'valibot';
import { toBase64 } from '../../../src/core/encoding';
import { generateDeviceKeyPair, generateIdentityKeyPair, signDeviceKey, type KeyPair } from '../../shared/crypto/keys';
import { userId } from '../../shared/wire/primitives';
import type { DeviceRecord } from '../../shared/wire/records';
import type { AttackDefinition, HeldKey } from './types';

const params = v.object({ user: userId });

export const swapIdentity: AttackDefinition<v.InferOutput<typeof params>> = {
  kind: 'swap-identity',
  params,
  apply({ directory }, { user }) {
    directory.user(user);
    const identity = generateIdentityKeyPair();
    // One attacker key per device id, made the first time that device is served.
    const fakes = new Map<string, { keys: KeyPair; record: DeviceRecord }>();
    const fake = (deviceId: string): DeviceRecord => {
      let made = fakes.get(deviceId);
      if (!made) {
        const keys = generateDeviceKeyPair();
        made = {
          keys,
          record: { id: deviceId, key: toBase64(keys.publicKey), signature: toBase64(signDeviceKey(identity.secretKey, keys.publicKey)) },
        };
        fakes.set(deviceId, made);
      }
      return made.record;
    };
    return {
      summary: { user, identityKey: toBase64(identity.publicKey), identitySecretKey: toBase64(identity.secretKey) },
      overlay: {
        user: (record, viewer) =>
          record.id !== user || viewer === user
            ? record
            : { ...record, identityKey: toBase64(identity.publicKey), devices: record.devices.map((d) => fake(d.id)) },
        heldKeys: () => [...fakes].map(([device, { keys }]): HeldKey => ({ user, device, ...keys, source: 'swap-identity' })),
        impersonate: (target, viewer) => (target === user && viewer !== user ? { identity, device: [...fakes.keys()][0] ?? 'd1' } : null),
      },
    };
  },
};
