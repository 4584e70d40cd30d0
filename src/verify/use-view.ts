import { useCallback, useEffect, useState } from 'preact/hooks';
import type { TabView } from '../view/tab-view';
import { send } from '../send';
import { useStorageRefresh } from '../ui/use-storage-refresh';

export type ViewState = { status: 'loading' } | { status: 'error'; reason: string } | { status: 'ready'; view: TabView | null };

/** The background's view of one tab, kept fresh as the store changes. Keys come from here, never from the URL. */
export function useView(tabId: number): ViewState {
  const [state, setState] = useState<ViewState>({ status: 'loading' });
  const load = useCallback(async () => {
    const reply = await send('view/tab', { tabId });
    setState(reply.ok ? { status: 'ready', view: reply.view } : { status: 'error', reason: reply.reason });
  }, [tabId]);
  useEffect(() => {
    load().catch((error: unknown) => setState({ status: 'error', reason: String(error) }));
  }, [load]);
  useStorageRefresh(load);
  return state;
}
