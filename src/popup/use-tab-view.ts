import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TabView, TabViewStart } from '../view/tab-view';
import { onAreaChanged } from '../platform/storage';
import { activeTabId } from '../platform/tabs';
import { send } from '../send';
import { useStorageRefresh } from '../ui/use-storage-refresh';
import { changesAView } from '../ui/view-keys';

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

/** The whole view; never rejects (a failure is a state to show). */
async function fetchTabView(tab: Promise<number | null>): Promise<TabViewState> {
  try {
    const tabId = await tab;
    if (tabId === null) return { status: 'error', reason: 'no-tab' };
    performance.mark('keywatch:view-requested');
    const reply = await send('view/tab', { tabId });
    performance.mark('keywatch:view-received');
    return reply.ok ? { status: 'ready', tabId, view: reply.view } : { status: 'error', reason: reply.reason };
  } catch (error) {
    return failed(error);
  }
}

/** The first rows, or null when there is no conversation to start with or they could not be had (the whole view says why). */
async function fetchTabViewStart(tab: Promise<number | null>): Promise<TabViewState | null> {
  try {
    const tabId = await tab;
    if (tabId === null) return null;
    const reply = await send('view/tab-start', { tabId, rows: FIRST_ROWS });
    performance.mark('keywatch:start-received');
    return reply.ok && reply.start?.conversation ? { status: 'starting', tabId, start: reply.start } : null;
  } catch {
    return null;
  }
}

interface Requests {
  start: Promise<TabViewState | null> | null;
  full: Promise<TabViewState>;
}

interface EarlyRequests extends Requests {
  /** Whether the store changed after the early requests went out, before the page listened for changes. */
  changedSince: () => boolean;
  stopListening: () => void;
}

let early: EarlyRequests | null = null;

/**
 * Asks for the view before the first render, so the background builds it while
 * the page draws; the first rows are asked for alongside, and arrive sooner for a
 * big conversation. Listens for changes from this moment, so none is missed
 * before the page's own listener starts.
 */
export function requestTabViewEarly(): void {
  let changed = false;
  const heard = (keys: string[]) => {
    if (changesAView(keys)) changed = true;
  };
  const stops = [onAreaChanged('local', heard), onAreaChanged('session', heard)];
  const tab = targetTabId();
  early = {
    start: fetchTabViewStart(tab),
    full: fetchTabView(tab),
    changedSince: () => changed,
    stopListening: () => stops.forEach((stop) => stop()),
  };
}

export function useTabView(): [TabViewState, () => void] {
  const [state, setState] = useState<TabViewState>({ status: 'loading' });
  const sent = useRef(0);
  const shown = useRef(0);
  const load = useCallback(async (requests: Requests | null = null) => {
    const request = ++sent.current;
    const { start, full } = requests ?? { start: null, full: fetchTabView(targetTabId()) };
    // The first rows are shown only until a whole view is, never after one.
    void start?.then((first) => {
      if (first && shown.current === 0) setState(first);
    });
    const view = await full;
    // Replies may come back out of order: a view is shown unless a newer one already is.
    if (request > shown.current) {
      shown.current = request;
      setState(view);
    }
  }, []);
  useEffect(() => {
    const first = early;
    early = null;
    void load(first);
    if (first) {
      // The refresh listener starts in this same pass; a change heard before it asks again.
      first.stopListening();
      if (first.changedSince()) void load();
    }
  }, [load]);
  const refresh = useCallback(() => void load(), [load]);
  useStorageRefresh(refresh);
  return [state, refresh];
}
