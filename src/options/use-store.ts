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
export function useStore(): StoreSnapshot | null {
  const [store, setStore] = useState<StoreSnapshot | null>(null);
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
    void readKeys('local', null).then((stored) => {
      if (!closed) setStore(follower.readIn(stored));
    });
    return () => {
      closed = true;
      stopListening();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return store;
}
