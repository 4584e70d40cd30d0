import { useEffect, useState } from 'preact/hooks';
import { onAreaValuesChanged, readKeys } from '../platform/storage';
import { applyChanges, holdRecords, shownKindOf, snapshotOf, type RecordsHeld, type StoreSnapshot } from './records-held';

export type { StoreSnapshot } from './records-held';

/** Changes arriving within this long are applied together. */
const COALESCE_MS = 30;

/**
 * Reads storage.local once (pages only read; the background is the one writer), then follows its changes from
 * the new values storage reports. Nothing the page shows lives in storage.session, so its changes are not heard.
 */
export function useStore(): StoreSnapshot | null {
  const [store, setStore] = useState<StoreSnapshot | null>(null);
  useEffect(() => {
    let held: RecordsHeld | null = null;
    let shown: StoreSnapshot | null = null;
    // The latest new value of each changed key not applied yet: changes heard while the full read is on its way
    // wait here and are applied over it (applying one already in the read sets the same value again).
    let pending = new Map<string, unknown>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let closed = false;
    const applyPending = () => {
      timer = null;
      if (!held || !shown || pending.size === 0) return;
      const changes = [...pending].map(([key, newValue]) => ({ key, newValue }));
      pending = new Map();
      const next = applyChanges(held, changes);
      held = next.held;
      if (next.touched.size === 0) return;
      shown = snapshotOf(held, { snapshot: shown, touched: next.touched });
      setStore(shown);
    };
    const schedule = () => {
      if (held) timer ??= setTimeout(applyPending, COALESCE_MS);
    };
    const stopListening = onAreaValuesChanged('local', (changes) => {
      for (const { key, newValue } of changes) if (shownKindOf(key)) pending.set(key, newValue);
      if (pending.size > 0) schedule();
    });
    // Everything at once: Firefox reads a long list of named keys far slower than the whole area (measured at the store's limits).
    // Contacts and alerts are kept in a compact form: read as records (docs/storage.md, Stored form).
    void readKeys('local', null).then((stored) => {
      if (closed) return;
      held = holdRecords(stored);
      shown = snapshotOf(held);
      setStore(shown);
      if (pending.size > 0) schedule();
    });
    return () => {
      closed = true;
      stopListening();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return store;
}
