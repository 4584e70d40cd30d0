// Ghost device: /keys/query lists one more device for a user, with real keys
// the server made (it holds the secrets), self-signed but never signed by the
// user's self-signing key. Clients that encrypt to every device (the default)
// then also encrypt to the attacker. With `selfSignature: 'bad'` the device's
// own signature is spoiled too: the real client drops such a device. With
// `nested: true` its signed keys carry a field nested deeper than KeyWatch
// writes canonically: the real client keeps such a device all the same.

import * as v from 'valibot';
import { makeDevice } from '../crypto/device-keys';
import { secretOf } from '../crypto/keys';
import { notFound } from '../errors';
import { newDeviceId } from '../ids';
import { servedTo, userIdParam, viewerParam } from './params';
import type { AttackDefinition } from './definition';

const params = v.object({
  user: userIdParam,
  /** The ghost's device id (made up when omitted). */
  deviceId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  displayName: v.optional(v.string()),
  selfSignature: v.optional(v.picklist(['valid', 'bad']), 'valid'),
  nested: v.optional(v.boolean(), false),
  viewer: viewerParam,
});

export const ghostDevice: AttackDefinition<v.InferOutput<typeof params>> = {
  kind: 'ghost-device',
  description: 'list a device for a user that their self-signing key never signed (server-made keys)',
  params,
  apply(hs, { user, deviceId, displayName, selfSignature, nested, viewer }) {
    if (!hs.accounts.account(user)) throw notFound(`unknown user ${user}`);
    const id = deviceId ?? newDeviceId();
    const extra = nested ? { 'org.example.nested': Array.from({ length: 20 }).reduce<unknown>((inner) => ({ inner }), 1) } : undefined;
    const ghost = makeDevice(user, id, { displayName: displayName ?? 'Ghost device', selfSignature, extra });
    hs.keys.markChanged(user);
    return {
      summary: {
        user,
        device: id,
        selfSignature,
        viewer: viewer ?? null,
        ed25519: ghost.ed25519.publicKey,
        curve25519: ghost.curve25519.publicKey,
        secretKeys: { ed25519Seed: secretOf(ghost.ed25519), curve25519: secretOf(ghost.curve25519) },
      },
      overlay: {
        userKeys: (userId, seenBy, keys) =>
          userId === user && servedTo(viewer, seenBy)
            ? { ...keys, devices: { ...keys.devices, [id]: structuredClone(ghost.deviceKeys) } }
            : keys,
        claim: (userId, device, algorithm) =>
          userId === user && device === id && algorithm === 'signed_curve25519' ? ghost.fallbackKey : null,
      },
      undo: () => hs.keys.markChanged(user),
    };
  },
};
