import { useEffect } from 'preact/hooks';
import { onAreaChanged } from '../platform/storage';
import { changesAView } from './view-keys';

/** Calls `refresh` whenever the trust store or the per-tab state changes (coalesced). */
export function useStorageRefresh(refresh: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = (keys: string[]) => {
      if (!changesAView(keys)) return;
      timer ??= setTimeout(() => {
        timer = null;
        refresh();
      }, 30);
    };
    const offLocal = onAreaChanged('local', schedule);
    const offSession = onAreaChanged('session', schedule);
    return () => {
      offLocal();
      offSession();
      if (timer) clearTimeout(timer);
    };
  }, [refresh]);
}
