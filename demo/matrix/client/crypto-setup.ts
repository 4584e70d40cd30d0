// What a user does to their encryption in Element's settings, driven through
// the SDK's own API: set up cross-signing (user-interactive auth with the
// password), verify a new login of their own from this session, turn on a
// dehydrated device, and verify someone by comparing emoji (SAS).

import type { MatrixClient } from 'matrix-js-sdk';
import { CryptoEvent } from 'matrix-js-sdk/lib/crypto-api/CryptoEvent.js';
import { VerificationPhase, VerifierEvent, type VerificationRequest, type Verifier } from 'matrix-js-sdk/lib/crypto-api/verification.js';

function crypto(client: MatrixClient) {
  const api = client.getCrypto();
  if (!api) throw new Error('the client has no crypto');
  return api;
}

async function until<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Cross-signing as Element sets it up: the upload meets the 401 of user-interactive auth, then goes again with the password. */
export async function bootstrapCrossSigning(client: MatrixClient, password: string, reset = false): Promise<string | null> {
  const userId = client.getSafeUserId();
  await crypto(client).bootstrapCrossSigning({
    setupNewCrossSigning: reset,
    authUploadDeviceSigningKeys: async (makeRequest) => {
      try {
        await makeRequest(null);
      } catch (error) {
        const session = (error as { data?: { session?: string } }).data?.session;
        if (!session) throw error;
        await makeRequest({ type: 'm.login.password', identifier: { type: 'm.id.user', user: userId }, password, session } as never);
      }
    },
  });
  return crypto(client).getCrossSigningKeyId();
}

/** Verifies one's own new login from this session: signs it with this session's self-signing key. */
export async function crossSignOwnDevice(client: MatrixClient, deviceId: string): Promise<void> {
  const api = crypto(client);
  const userId = client.getSafeUserId();
  await until(`this session to know device ${deviceId}`, () => api.getDeviceVerificationStatus(userId, deviceId));
  await api.crossSignDevice(deviceId);
  await until(`device ${deviceId} to be signed`, async () => (await api.getDeviceVerificationStatus(userId, deviceId))?.signedByOwner);
}

/** Secret storage (its key kept in this page's memory) and a dehydrated device; returns the dehydrated device's id. */
export async function startDehydration(client: MatrixClient): Promise<void> {
  const api = crypto(client);
  await api.bootstrapSecretStorage({ setupNewSecretStorage: true, createSecretStorageKey: () => api.createRecoveryKeyFromPassphrase() });
  if (!(await api.isDehydrationSupported())) throw new Error('the homeserver does not support dehydrated devices');
  await api.startDehydration({ createNewKey: true, rehydrate: false });
}

function confirmEmoji(verifier: Verifier): void {
  verifier.on(VerifierEvent.ShowSas, (sas) => void sas.confirm());
}

/** Accepts every incoming verification request and confirms the emoji (the other person says they match). */
export function acceptVerifications(client: MatrixClient): () => void {
  const onRequest = (request: VerificationRequest) => {
    void (async () => {
      await request.accept();
      const verifier = await until('the other side to start', () => request.verifier, 30_000);
      confirmEmoji(verifier);
      await verifier.verify();
    })().catch((error: unknown) => console.warn('verification failed', error));
  };
  client.on(CryptoEvent.VerificationRequestReceived, onRequest);
  return () => client.off(CryptoEvent.VerificationRequestReceived, onRequest);
}

/** Verifies another user's device by SAS; the other page must accept (acceptVerifications). */
export async function verifyDevice(client: MatrixClient, userId: string, deviceId: string): Promise<void> {
  const request = await crypto(client).requestDeviceVerification(userId, deviceId);
  await until('the other side to accept', () => request.phase === VerificationPhase.Ready, 30_000);
  const verifier = await request.startVerification('m.sas.v1');
  confirmEmoji(verifier);
  // Bounded, with a reason: an exchange that stalls must fail the test that asked for it, not hang its browser call.
  await withinTime('the emoji verification to finish', verifier.verify(), 90_000);
}

function withinTime<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
