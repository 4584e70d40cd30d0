// What the client keeps in localStorage, under Element Web's own key names
// (KeyWatch reads mx_user_id, mx_device_id and mx_last_room_id as it reads
// them in Element). The access token is kept here as older Element releases
// did; the sync state and the crypto store live in IndexedDB.

export const STORAGE_KEYS = {
  homeserverUrl: 'mx_hs_url',
  userId: 'mx_user_id',
  deviceId: 'mx_device_id',
  accessToken: 'mx_access_token',
  lastRoomId: 'mx_last_room_id',
} as const;

/** IndexedDB database of the SDK's sync store, as Element names it. The Rust crypto store uses the SDK's default prefix. */
export const SYNC_STORE_NAME = 'riot-web-sync';

export interface StoredSession {
  homeserverUrl: string;
  userId: string;
  deviceId: string;
  accessToken: string;
}

export function readStoredSession(): StoredSession | null {
  const get = (key: string) => localStorage.getItem(key);
  const session = {
    homeserverUrl: get(STORAGE_KEYS.homeserverUrl),
    userId: get(STORAGE_KEYS.userId),
    deviceId: get(STORAGE_KEYS.deviceId),
    accessToken: get(STORAGE_KEYS.accessToken),
  };
  return Object.values(session).every((v) => typeof v === 'string' && v !== '') ? (session as StoredSession) : null;
}

export function storeSession(session: StoredSession): void {
  localStorage.setItem(STORAGE_KEYS.homeserverUrl, session.homeserverUrl);
  localStorage.setItem(STORAGE_KEYS.userId, session.userId);
  localStorage.setItem(STORAGE_KEYS.deviceId, session.deviceId);
  localStorage.setItem(STORAGE_KEYS.accessToken, session.accessToken);
}

export function forgetSession(): void {
  for (const key of Object.values(STORAGE_KEYS)) localStorage.removeItem(key);
}
