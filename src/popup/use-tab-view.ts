import { useCallback, useEffect, useState } from 'preact/hooks';
import type { TabView } from '../background/tab-view';
import { activeTabId } from '../platform/tabs';
import { send } from '../send';
import { useStorageRefresh } from '../ui/use-storage-refresh';

export type TabViewState =
  | { status: 'loading' }
  | { status: 'error'; reason: string }
  | { status: 'ready'; tabId: number; view: TabView | null };

/** The tab this popup speaks about: `?tab=N` when opened from another page, else the active tab. */
async function targetTabId(): Promise<number | null> {
  const fromQuery = new URLSearchParams(location.search).get('tab');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  return activeTabId();
}

async function fetchTabView(): Promise<TabViewState> {
  const tabId = await targetTabId();
  if (tabId === null) return { status: 'error', reason: 'no-tab' };
  performance.mark('keywatch:view-requested');
  const reply = await send('view/tab', { tabId });
  performance.mark('keywatch:view-received');
  return reply.ok ? { status: 'ready', tabId, view: reply.view } : { status: 'error', reason: reply.reason };
}

let early: Promise<TabViewState> | null = null;

/** Asks for the view before the first render, so the background builds it while the page draws. */
export function requestTabViewEarly(): void {
  early = fetchTabView().catch((error: unknown) => ({ status: 'error', reason: String(error) }));
}

export function useTabView(): [TabViewState, () => void] {
  const [state, setState] = useState<TabViewState>({ status: 'loading' });
  const load = useCallback(async () => {
    const pending = early ?? fetchTabView();
    early = null;
    setState(await pending);
  }, []);
  useEffect(() => {
    load().catch((error: unknown) => setState({ status: 'error', reason: String(error) }));
  }, [load]);
  useStorageRefresh(load);
  return [state, load];
}
