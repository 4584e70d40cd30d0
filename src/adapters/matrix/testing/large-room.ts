// A /keys/query response for a large room, built fast enough for a benchmark:
// every user has a master key, a self-signing key signed by it, and devices
// signed by themselves and by the self-signing key, all with deterministic keys.
// Signing goes through node:crypto (native Ed25519), so 7,000 signatures take a
// fraction of a second instead of the seconds a JavaScript signer needs.

import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { toBase64 } from '../../../core/encoding';
import { signedBytes } from '../background/canonical-json';

type Json = Record<string, unknown>;

// The DER prefix of a PKCS #8 Ed25519 private key; the 32-byte seed follows.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

interface Signer {
  key: KeyObject;
  /** Unpadded base64 of the public key. */
  text: string;
}

function signer(label: string): Signer {
  const seed = createHash('sha256').update(`keywatch bench key: ${label}`).digest();
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return { key, text: toBase64(new Uint8Array(spki.subarray(-32)), false) };
}

function signed(object: Json, userId: string, keyId: string, by: Signer): Json {
  const signature = toBase64(new Uint8Array(sign(null, signedBytes(object), by.key)), false);
  const signatures = (object.signatures ??= {}) as Record<string, Record<string, string>>;
  (signatures[userId] ??= {})[keyId] = signature;
  return object;
}

export interface LargeRoom {
  userIds: string[];
  /** The /keys/query response naming every user. */
  response: { device_keys: Json; master_keys: Json; self_signing_keys: Json; failures: Json };
  /** Ed25519 signatures KeyWatch checks: one per self-signing key, two per device. */
  signatures: number;
}

/** `users` users with `devicesPerUser` cross-signed devices each; `seed` makes another set of keys. */
export function largeRoom(users: number, devicesPerUser: number, seed = ''): LargeRoom {
  const response = { device_keys: {} as Json, master_keys: {} as Json, self_signing_keys: {} as Json, failures: {} };
  const userIds: string[] = [];
  for (let u = 0; u < users; u++) {
    const userId = `@user${u}:bench.example`;
    userIds.push(userId);
    const master = signer(`${seed}${userId} master`);
    const selfSigning = signer(`${seed}${userId} self-signing`);
    const masterId = `ed25519:${master.text}`;
    response.master_keys[userId] = signed(
      { user_id: userId, usage: ['master'], keys: { [masterId]: master.text } },
      userId,
      masterId,
      master,
    );
    response.self_signing_keys[userId] = signed(
      { user_id: userId, usage: ['self_signing'], keys: { [`ed25519:${selfSigning.text}`]: selfSigning.text } },
      userId,
      masterId,
      master,
    );
    const devices: Json = {};
    for (let d = 0; d < devicesPerUser; d++) {
      const deviceId = `DEVICE${d}`;
      const device = signer(`${seed}${userId} ${deviceId}`);
      const keys: Json = {
        user_id: userId,
        device_id: deviceId,
        algorithms: ['m.olm.v1.curve25519-aes-sha2', 'm.megolm.v1.aes-sha2'],
        keys: { [`curve25519:${deviceId}`]: signer(`${seed}${userId} ${deviceId} curve`).text, [`ed25519:${deviceId}`]: device.text },
      };
      signed(keys, userId, `ed25519:${deviceId}`, device);
      signed(keys, userId, `ed25519:${selfSigning.text}`, selfSigning);
      keys.unsigned = { device_display_name: `${deviceId} of user ${u}` };
      devices[deviceId] = keys;
    }
    response.device_keys[userId] = devices;
  }
  return { userIds, response, signatures: users * (1 + 2 * devicesPerUser) };
}
