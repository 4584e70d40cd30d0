// The client's own verdicts, read from its crypto (matrix-sdk-crypto), for the
// differential against KeyWatch: per device and per identity, and the
// cross-signing public keys the client holds.

import type { MatrixClient } from 'matrix-js-sdk';

export interface DeviceVerdict {
  /** Signed by its owner's self-signing key (the Rust crypto checked the signature). */
  signedByOwner: boolean;
  /** Cross-signed by an owner whose identity this user verified. */
  crossSigningVerified: boolean;
  localVerified: boolean;
  /** The SDK's overall answer (local verification, or cross-signing when trusted). */
  verified: boolean;
  dehydrated: boolean;
  ed25519: string | null;
  curve25519: string | null;
  displayName: string | null;
}

export interface UserVerdict {
  /** The client holds cross-signing keys for the user. */
  hasCrossSigningKeys: boolean;
  known: boolean;
  verified: boolean;
  crossSigningVerified: boolean;
  wasCrossSigningVerified: boolean;
  /** The identity changed since first seen and the user has not approved it (identity pinning). */
  needsUserApproval: boolean;
  masterKey: string | null;
  selfSigningKey: string | null;
  /** Only for the user themself. */
  userSigningKey: string | null;
}

const firstKey = (key: { keys?: Record<string, string> } | undefined) => Object.values(key?.keys ?? {})[0] ?? null;

function crypto(client: MatrixClient) {
  const api = client.getCrypto();
  if (!api) throw new Error('the client has no crypto');
  return api;
}

/** Every device the client knows for each user (no download: what its store holds), with its verdict. */
export async function deviceVerdicts(client: MatrixClient, userIds: string[]): Promise<Record<string, Record<string, DeviceVerdict>>> {
  const api = crypto(client);
  const known = await api.getUserDeviceInfo(userIds);
  const result: Record<string, Record<string, DeviceVerdict>> = {};
  for (const userId of userIds) {
    result[userId] = {};
    for (const [deviceId, device] of known.get(userId) ?? []) {
      const status = await api.getDeviceVerificationStatus(userId, deviceId);
      result[userId][deviceId] = {
        signedByOwner: status?.signedByOwner ?? false,
        crossSigningVerified: status?.crossSigningVerified ?? false,
        localVerified: status?.localVerified ?? false,
        verified: status?.isVerified() ?? false,
        dehydrated: device.dehydrated,
        ed25519: device.getFingerprint() ?? null,
        curve25519: device.getIdentityKey() ?? null,
        displayName: device.displayName ?? null,
      };
    }
  }
  return result;
}

export async function userVerdicts(client: MatrixClient, userIds: string[]): Promise<Record<string, UserVerdict>> {
  const api = crypto(client);
  const result: Record<string, UserVerdict> = {};
  for (const userId of userIds) {
    const status = await api.getUserVerificationStatus(userId);
    const keys = await api.getUserCrossSigningKeys(userId);
    result[userId] = {
      hasCrossSigningKeys: keys !== null,
      known: status.known,
      verified: status.isVerified(),
      crossSigningVerified: status.isCrossSigningVerified(),
      wasCrossSigningVerified: status.wasCrossSigningVerified(),
      needsUserApproval: status.needsUserApproval,
      masterKey: firstKey(keys?.master_key),
      selfSigningKey: firstKey(keys?.self_signing_key),
      userSigningKey: firstKey(keys?.user_signing_key),
    };
  }
  return result;
}
