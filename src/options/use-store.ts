import { useEffect, useState } from 'preact/hooks';
import { onAreaValuesChanged, readKeys } from '../platform/storage';
import { StoreFollower, type StoreSnapshot } from './records-held';

export type { StoreSnapshot } from './records-held';

/** Changes heard within this long are applied together. */
const COALESCE_MS = 30;

/**
 * Reads storage.local once (pages only read; the background is the one writer), then follows its changes from
 * the new values storage reports. Nothing the page shows lives in storage.session, so its changes are not heard.
 */
/** What the page has of the store: nothing yet, why its first read failed, or the records. */
export type HeldStore = StoreSnapshot | { failed: string } | null;

export function useStore(): HeldStore {
  const [store, setStore] = useState<HeldStore>(null);
  useEffect(() => {
    const follower = new StoreFollower();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let closed = false;
    const applyHeard = () => {
      timer = null;
      const shown = follower.applyHeard();
      if (shown) setStore(shown);
    };
    // Listening before the read starts: a change made meanwhile waits for the read and is applied over it.
    const stopListening = onAreaValuesChanged('local', (changes) => {
      if (follower.heard(changes)) timer ??= setTimeout(applyHeard, COALESCE_MS);
    });
    // Everything at once: Firefox reads a long list of named keys far slower than the whole area (measured at the store's limits).
    // Contacts and alerts are kept in a compact form: read as records (docs/storage.md, Stored form).
    // A read that fails is said, not left as "Reading…": the page shows nothing it could not read.
    void readKeys('local', null).then(
      (stored) => {
        if (!closed) setStore(follower.readIn(stored));
      },
      (error: unknown) => {
        if (!closed) setStore({ failed: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      closed = true;
      stopListening();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return store;
}
