// The logged-in client: created from a login or from what the last page load
// stored (as Element resumes: no new login, the sync state and the crypto
// store read back from IndexedDB), started with lazy-loaded members, and torn
// down at logout. Everything visible listens to `onChange`.

import { ClientEvent, createClient, IndexedDBStore, SyncState, type MatrixClient } from 'matrix-js-sdk';
import { forgetSession, readStoredSession, storeSession, SYNC_STORE_NAME, type StoredSession } from './storage-keys';

function syncStore(): IndexedDBStore {
  return new IndexedDBStore({ indexedDB: window.indexedDB, localStorage: window.localStorage, dbName: SYNC_STORE_NAME });
}

export type Phase = 'starting' | 'logged-out' | 'syncing' | 'error';

/** Element's start options that matter here: lazy-loaded members and 20 timeline events per room. */
const START_OPTIONS = { lazyLoadMembers: true, initialSyncLimit: 20 };

export class ClientSession {
  client: MatrixClient | null = null;
  phase: Phase = 'starting';
  error: string | null = null;
  /** Secret-storage keys made in this page (recovery is set up by the test API; nothing is stored). */
  private readonly secretStorageKeys = new Map<string, Uint8Array<ArrayBuffer>>();
  private readonly listeners = new Set<() => void>();
  private prepared: Promise<void> = Promise.resolve();

  constructor(readonly homeserverUrl: string) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Resumes the stored session if there is one (for this homeserver); otherwise shows the login. */
  async resume(): Promise<void> {
    const stored = readStoredSession();
    if (!stored || stored.homeserverUrl !== this.homeserverUrl) {
      this.setPhase('logged-out');
      return;
    }
    await this.start(stored);
  }

  /** Resolves once the first sync of this page has been processed (from the server or from IndexedDB). */
  whenPrepared(): Promise<void> {
    return this.prepared;
  }

  async login(userId: string, password: string): Promise<void> {
    const loginClient = createClient({ baseUrl: this.homeserverUrl });
    const response = await loginClient.loginRequest({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: userId },
      password,
      initial_device_display_name: 'Matrix test client',
    });
    await this.begin(response.user_id, response.device_id, response.access_token);
  }

  async register(localpart: string, password: string): Promise<void> {
    const anonymous = createClient({ baseUrl: this.homeserverUrl });
    let session: string | undefined;
    try {
      await anonymous.registerRequest({ username: localpart, password });
    } catch (error) {
      session = (error as { data?: { session?: string } }).data?.session;
      if (!session) throw error;
    }
    const response = await anonymous.registerRequest({
      username: localpart,
      password,
      auth: { type: 'm.login.dummy', session },
      initial_device_display_name: 'Matrix test client',
    });
    await this.begin(response.user_id, response.device_id!, response.access_token!);
  }

  async logout(): Promise<void> {
    const client = this.client;
    if (client) {
      await client.logout(true).catch(() => {});
      await client.clearStores();
    }
    this.client = null;
    forgetSession();
    this.setPhase('logged-out');
  }

  private async begin(userId: string, deviceId: string, accessToken: string): Promise<void> {
    // A new login starts from empty stores (sync and crypto), as Element does.
    await createClient({ baseUrl: this.homeserverUrl, store: syncStore() }).clearStores();
    const session: StoredSession = { homeserverUrl: this.homeserverUrl, userId, deviceId, accessToken };
    storeSession(session);
    await this.start(session);
  }

  private async start(session: StoredSession): Promise<void> {
    this.setPhase('starting');
    try {
      const store = syncStore();
      await store.startup();
      const keys = this.secretStorageKeys;
      const client = createClient({
        baseUrl: session.homeserverUrl,
        userId: session.userId,
        deviceId: session.deviceId,
        accessToken: session.accessToken,
        store,
        timelineSupport: true,
        cryptoCallbacks: {
          getSecretStorageKey: async ({ keys: wanted }) => {
            const id = Object.keys(wanted).find((k) => keys.has(k));
            return id ? [id, keys.get(id)!] : null;
          },
          cacheSecretStorageKey: (keyId, _info, key) => void keys.set(keyId, key),
        },
      });
      await client.initRustCrypto();
      this.client = client;
      this.prepared = new Promise((resolve, reject) => {
        const onSync = (state: SyncState) => {
          this.changed();
          if (state === SyncState.Prepared || state === SyncState.Syncing) {
            if (this.phase !== 'syncing') this.setPhase('syncing');
            resolve();
          } else if (state === SyncState.Error && this.phase === 'starting') {
            this.error = 'the first sync failed';
            this.setPhase('error');
            reject(new Error(this.error));
          }
        };
        client.on(ClientEvent.Sync, onSync);
      });
      await client.startClient(START_OPTIONS);
      await this.prepared;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      this.setPhase('error');
      throw error;
    }
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    this.changed();
  }
}
