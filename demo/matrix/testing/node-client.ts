// The real client in Node: matrix-js-sdk 43 with its Rust crypto (the wasm
// build of matrix-sdk-crypto, in memory: `initRustCrypto({ useIndexedDB: false })`),
// logged in to a homeserver, syncing with lazy-loaded members as Element does.
// Tests read the client's own verdicts from `client.getCrypto()`.
//
// The SDK's logs are silenced unless MATRIX_TEST_LOGS=1.

import './node-polyfills'; // first: the SDK needs Promise.withResolvers, which Node 20 lacks
import { ClientEvent, createClient, SyncState, type MatrixClient } from 'matrix-js-sdk';
import { CryptoEvent } from 'matrix-js-sdk/lib/crypto-api/CryptoEvent.js';
import { VerificationPhase, VerifierEvent, type VerificationRequest, type Verifier } from 'matrix-js-sdk/lib/crypto-api/verification.js';
import { logger as sdkRootLogger } from 'matrix-js-sdk/lib/logger.js';

const verbose = process.env.MATRIX_TEST_LOGS === '1';
const quiet = () => {};

interface ChildLogger {
  trace: (...msg: unknown[]) => void;
  debug: (...msg: unknown[]) => void;
  info: (...msg: unknown[]) => void;
  warn: (...msg: unknown[]) => void;
  error: (...msg: unknown[]) => void;
  getChild: (namespace: string) => ChildLogger;
}

const silentLogger: ChildLogger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet, getChild: () => silentLogger };

if (!verbose) {
  // The SDK's module-level loggers (loglevel) log every request at debug level; keep errors only.
  const root = sdkRootLogger as unknown as { methodFactory: unknown; rebuild: () => void };
  root.methodFactory = (method: string) => (method === 'error' ? console.error : quiet);
  root.rebuild();
}

export interface Credentials {
  userId: string;
  deviceId: string;
  accessToken: string;
  password: string;
}

export interface TestClient extends Credentials {
  client: MatrixClient;
  /** Stops syncing and frees the crypto machine. */
  stop(): void;
}

async function post(baseUrl: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Registers an account over the client-server API (two steps: the 401 with a session, then m.login.dummy). */
export async function register(baseUrl: string, localpart: string, password = `pw-${localpart}`): Promise<Credentials> {
  const first = await post(baseUrl, 'register', { username: localpart, password });
  if (first.status !== 401) throw new Error(`register ${localpart}: ${first.status} ${JSON.stringify(first.json)}`);
  const done = await post(baseUrl, 'register', {
    username: localpart,
    password,
    auth: { type: 'm.login.dummy', session: first.json.session },
  });
  if (done.status !== 200) throw new Error(`register ${localpart}: ${done.status} ${JSON.stringify(done.json)}`);
  return {
    userId: String(done.json.user_id),
    deviceId: String(done.json.device_id),
    accessToken: String(done.json.access_token),
    password,
  };
}

/** A new login (a new device) of an existing account. */
export async function login(baseUrl: string, userId: string, password: string): Promise<Credentials> {
  const { status, json } = await post(baseUrl, 'login', {
    type: 'm.login.password',
    identifier: { type: 'm.id.user', user: userId },
    password,
  });
  if (status !== 200) throw new Error(`login ${userId}: ${status} ${JSON.stringify(json)}`);
  return { userId: String(json.user_id), deviceId: String(json.device_id), accessToken: String(json.access_token), password };
}

export interface StartOptions {
  /** Bootstrap cross-signing after the first sync (default true): what Element does on a first login. */
  crossSigning?: boolean;
}

/** Starts the real client for these credentials and waits for its first sync. */
export async function startClient(baseUrl: string, credentials: Credentials, options: StartOptions = {}): Promise<TestClient> {
  // Secret-storage keys this client made, kept in memory as Element keeps them while it sets up recovery.
  const secretStorageKeys = new Map<string, Uint8Array<ArrayBuffer>>();
  const client = createClient({
    baseUrl,
    userId: credentials.userId,
    deviceId: credentials.deviceId,
    accessToken: credentials.accessToken,
    logger: verbose ? undefined : (silentLogger as never),
    cryptoCallbacks: {
      getSecretStorageKey: async ({ keys }) => {
        const known = Object.keys(keys).find((id) => secretStorageKeys.has(id));
        return known ? [known, secretStorageKeys.get(known)!] : null;
      },
      cacheSecretStorageKey: (keyId, _info, key) => void secretStorageKeys.set(keyId, key),
    },
  });
  await client.initRustCrypto({ useIndexedDB: false });
  const prepared = new Promise<void>((resolve, reject) => {
    const onSync = (state: SyncState) => {
      if (state === SyncState.Prepared) {
        client.off(ClientEvent.Sync, onSync);
        resolve();
      } else if (state === SyncState.Error) {
        client.off(ClientEvent.Sync, onSync);
        reject(new Error(`${credentials.userId}: the first sync failed`));
      }
    };
    client.on(ClientEvent.Sync, onSync);
  });
  await client.startClient({ lazyLoadMembers: true, initialSyncLimit: 20 });
  await prepared;
  const started: TestClient = { ...credentials, client, stop: () => client.stopClient() };
  if (options.crossSigning !== false) await bootstrapCrossSigning(started);
  return started;
}

/** Registers and starts a client (with cross-signing unless told not to). */
export async function newClient(baseUrl: string, localpart: string, options: StartOptions = {}): Promise<TestClient> {
  return startClient(baseUrl, await register(baseUrl, localpart), options);
}

/**
 * Bootstraps cross-signing as Element does: the upload first meets the 401 of
 * user-interactive auth, then is retried with the password and the session.
 * `reset: true` makes new keys even when some exist (an identity reset).
 */
export async function bootstrapCrossSigning(tc: TestClient, options: { reset?: boolean } = {}): Promise<void> {
  await tc.client.getCrypto()!.bootstrapCrossSigning({
    setupNewCrossSigning: options.reset === true,
    authUploadDeviceSigningKeys: async (makeRequest) => {
      try {
        await makeRequest(null);
      } catch (error) {
        const session = (error as { data?: { session?: string } }).data?.session;
        if (!session) throw error;
        await makeRequest({
          type: 'm.login.password',
          identifier: { type: 'm.id.user', user: tc.userId },
          password: tc.password,
          session,
        } as never);
      }
    },
  });
}

/**
 * Secret storage (a recovery key kept in this client's memory) and a dehydrated
 * device (MSC3814): the client uploads a device whose keys say `dehydrated: true`,
 * cross-signed, as Element does when the user turns on "offline device" support.
 * Needs cross-signing first.
 */
export async function startDehydration(tc: TestClient): Promise<void> {
  const crypto = tc.client.getCrypto()!;
  await crypto.bootstrapSecretStorage({
    setupNewSecretStorage: true,
    createSecretStorageKey: () => crypto.createRecoveryKeyFromPassphrase(),
  });
  if (!(await crypto.isDehydrationSupported())) throw new Error('the server does not support dehydrated devices');
  await crypto.startDehydration({ createNewKey: true, rehydrate: false });
}

/**
 * Interactive verification (SAS, emoji) between `a` and one device of `b`, both
 * confirming the emoji match: afterwards each client has cross-signed the
 * other's master key, exactly as two people comparing emoji in Element would.
 */
export async function verifyWithSas(a: TestClient, b: TestClient): Promise<void> {
  const incoming = new Promise<VerificationRequest>((resolve) => b.client.once(CryptoEvent.VerificationRequestReceived, resolve));
  const outgoing = await a.client.getCrypto()!.requestDeviceVerification(b.userId, b.deviceId);
  const request = await incoming;
  await request.accept();
  await eventually('the verification request to be ready', () => outgoing.phase === VerificationPhase.Ready);
  const confirmAll = (verifier: Verifier) => verifier.on(VerifierEvent.ShowSas, (sas) => void sas.confirm());
  const aVerifier = await outgoing.startVerification('m.sas.v1');
  confirmAll(aVerifier);
  const bVerifier = await eventually('the other side to start', () => request.verifier);
  confirmAll(bVerifier);
  await Promise.all([aVerifier.verify(), bVerifier.verify()]);
}

/** Polls `probe` until it returns a truthy value (the client works in the background). */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export async function eventually<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 5_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await probe();
      if (last) return last as Truthy<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
