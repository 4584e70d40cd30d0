import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TabView, TabViewStart } from '../background/tab-view';
import { activeTabId } from '../platform/tabs';
import { send } from '../send';
import { useStorageRefresh } from '../ui/use-storage-refresh';

export type TabViewState =
  | { status: 'loading' }
  | { status: 'error'; reason: string }
  /** The first rows of a conversation, shown while the whole view is on its way. */
  | { status: 'starting'; tabId: number; start: TabViewStart }
  | { status: 'ready'; tabId: number; view: TabView | null };

/** Rows asked for first: a screenful and then some, so a quick scroll finds them too. */
const FIRST_ROWS = 24;

/** The tab this popup speaks about: `?tab=N` when opened from another page, else the active tab. */
async function targetTabId(): Promise<number | null> {
  const fromQuery = new URLSearchParams(location.search).get('tab');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  return activeTabId();
}

const failed = (error: unknown): TabViewState => ({ status: 'error', reason: String(error) });

async function fetchTabView(tab: Promise<number | null>): Promise<TabViewState> {
  const tabId = await tab;
  if (tabId === null) return { status: 'error', reason: 'no-tab' };
  performance.mark('keywatch:view-requested');
  const reply = await send('view/tab', { tabId });
  performance.mark('keywatch:view-received');
  return reply.ok ? { status: 'ready', tabId, view: reply.view } : { status: 'error', reason: reply.reason };
}

/** The first rows, or null when there is no conversation to start with (the whole view says why). */
async function fetchTabViewStart(tab: Promise<number | null>): Promise<TabViewState | null> {
  const tabId = await tab;
  if (tabId === null) return null;
  const reply = await send('view/tab-start', { tabId, rows: FIRST_ROWS });
  performance.mark('keywatch:start-received');
  return reply.ok && reply.start?.conversation ? { status: 'starting', tabId, start: reply.start } : null;
}

interface Requests { start: Promise<TabViewState | null> | null; full: Promise<TabViewState> }
let early: Requests | null = null;

/**
 * Asks for the view before the first render, so the background builds it while
 * the page draws; the first rows are asked for alongside, and arrive sooner for a big conversation.
 */
export function requestTabViewEarly(): void {
  const tab = targetTabId();
  early = { start: fetchTabViewStart(tab).catch(() => null), full: fetchTabView(tab).catch(failed) };
}

export function useTabView(): [TabViewState, () => void] {
  const [state, setState] = useState<TabViewState>({ status: 'loading' });
  const latest = useRef(0);
  const load = useCallback(async () => {
    const request = ++latest.current;
    const { start, full } = early ?? { start: null, full: fetchTabView(targetTabId()) };
    early = null;
    let whole = false;
    // The first rows are shown only until the whole view arrives, never after it.
    void start?.then((first) => { if (first && !whole && request === latest.current) setState(first); });
    const view = await full;
    whole = true;
    if (request === latest.current) setState(view);
  }, []);
  useEffect(() => {
    load().catch((error: unknown) => setState(failed(error)));
  }, [load]);
  useStorageRefresh(load);
  return [state, load];
}
