// Ghost device: the server lists one more device for a user, whose secret key
// the attacker holds. Every honest client then encrypts to it as well.

import * as v from 'valibot';
import { toBase64 } from '../../../src/core/encoding';
import { generateDeviceKeyPair, signDeviceKey } from '../../shared/crypto/keys';
import { LIMITS } from '../../shared/limits';
import { CourierError } from '../../shared/wire/frames';
import { userId } from '../../shared/wire/primitives';
import type { DeviceRecord } from '../../shared/wire/records';
import type { AttackDefinition } from './types';

const params = v.object({
  user: userId,
  /** 'none': no signature; 'server': signed by the operator's key, which is not the user's. */
  signedBy: v.optional(v.picklist(['none', 'server']), 'none'),
});

export const ghostDevice: AttackDefinition<v.InferOutput<typeof params>> = {
  kind: 'ghost-device',
  params,
  apply({ directory, views, operator }, { user, signedBy }) {
    const owner = directory.user(user);
    if (views.user(user, user).devices.length >= LIMITS.devicesPerUser) {
      throw new CourierError('limit-reached', `@${user} is listed with ${LIMITS.devicesPerUser} devices already`);
    }
    const keys = generateDeviceKeyPair();
    const signature = signedBy === 'server' ? signDeviceKey(operator.secretKey, keys.publicKey) : null;
    const ghost: DeviceRecord = {
      id: directory.allocateDeviceId(owner),
      key: toBase64(keys.publicKey),
      signature: signature && toBase64(signature),
    };
    return {
      summary: {
        user,
        signedBy,
        device: ghost.id,
        deviceKey: ghost.key,
        signature: ghost.signature,
        secretKey: toBase64(keys.secretKey),
        signerKey: signedBy === 'server' ? toBase64(operator.publicKey) : null,
      },
      overlay: {
        user: (record) => (record.id === user ? { ...record, devices: [...record.devices, ghost] } : record),
        heldKeys: () => [{ user, device: ghost.id, ...keys, source: 'ghost-device' }],
      },
    };
  },
};
