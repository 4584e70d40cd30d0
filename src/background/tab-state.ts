// What each tab last showed, in storage.session: it outlives a stopped service
// worker but not the browser, and content scripts cannot read it. It names the
// document it was recorded from (src/content/document-id.ts), so that a tab
// that moved on is never shown with what it showed before (tab-document.ts).
import * as v from 'valibot';
import { readKeys, removeKeys, writeKeys } from '../platform/storage';
import { forgetMatrixState } from './handlers/matrix-session';
import type { HandlerContext } from './router';

/** The members kept as not checked in a tab's state; past it, a member without keys may be one of them. */
export const MAX_UNCHECKED_KEPT = 1000;

const TabStateSchema = v.object({
  url: v.string(),
  origin: v.string(),
  /** The reporting document's id; absent in states written before it was recorded. */
  document: v.optional(v.nullable(v.string())),
  updatedAt: v.number(),
  /** Key of the conversation in the trust store, or null when the page shows none. */
  conversationKey: v.nullable(v.string()),
  /** Why the last report was refused or empty, in plain words; null when it was taken. */
  problem: v.nullable(v.string()),
  /** The adapter that reported the conversation (absent in states written before it was recorded). */
  adapter: v.optional(v.picklist(['page-protocol', 'matrix'])),
  /** Matrix: members listed but not checked (their keys not seen), at most MAX_UNCHECKED_KEPT; absent when none. */
  unchecked: v.optional(v.pipe(v.array(v.string()), v.maxLength(MAX_UNCHECKED_KEPT))),
  /** Which of the account holder's devices the page says it runs as (this browser); absent when it did not say. */
  accountDevice: v.optional(v.nullable(v.string())),
  /** Matrix: the conversation's last roster shown from memory; the client has not loaded the room's members yet. */
  remembered: v.optional(v.literal(true)),
  /** The page shows no conversation now, but this one's banner may still be up in it (the page showed it before). */
  bannerOf: v.optional(v.string()),
});
export type TabState = v.InferOutput<typeof TabStateSchema>;

/** The page a report came from, as the browser and the content script gave it. */
export interface ReportingPage {
  url: string;
  origin: string;
  document: string | null;
}

/**
 * The page a content script's report came from. The origin comes from the browser's record of the sender, never
 * from the page: the sender's `origin` when the browser gave one (a sandboxed document's is 'null', not its
 * address's), else its address's.
 */
export function reportingPage(context: Pick<HandlerContext, 'senderUrl' | 'senderOrigin' | 'document'>): ReportingPage {
  return { url: context.senderUrl, origin: context.senderOrigin ?? new URL(context.senderUrl).origin, document: context.document };
}

/** Whether `state` was recorded from the document `page` shows: by the documents' ids when both are known, else by address. */
export function fromSameDocument(state: TabState | null, page: Pick<ReportingPage, 'url' | 'document'>): boolean {
  if (state === null) return false;
  return state.document && page.document ? state.document === page.document : state.url.split('#')[0] === page.url.split('#')[0];
}

/**
 * When `page` now shows no conversation: the conversation whose banner may still be up in it (the one `adapter` read
 * in this document before), so that the banner keeps following that conversation's alerts (banners.ts).
 */
export function bannerKept(
  state: TabState | null,
  page: Pick<ReportingPage, 'url' | 'document'>,
  adapter: TabState['adapter'],
): string | undefined {
  if (!fromSameDocument(state, page) || state!.adapter !== adapter) return undefined;
  return state!.conversationKey ?? state!.bannerOf;
}

const keyOf = (tabId: number) => `tab/${tabId}`;

/** Writes and removals of tab states, one at a time, so that a removal decided on a state never removes a newer one. */
let queue: Promise<unknown> = Promise.resolve();
function inTurn<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

export async function readTabState(tabId: number): Promise<TabState | null> {
  return (await readTabStates([tabId])).get(tabId) ?? null;
}

/** The recorded state of each of these tabs that has a sound one. */
export async function readTabStates(tabIds: readonly number[]): Promise<Map<number, TabState>> {
  const raw = await readKeys('session', tabIds.map(keyOf));
  const states = new Map<number, TabState>();
  for (const tabId of tabIds) {
    const parsed = v.safeParse(TabStateSchema, raw[keyOf(tabId)]);
    if (parsed.success) states.set(tabId, parsed.output);
  }
  return states;
}

/** Records what a tab's page showed just now: where it was, and the conversation or the reason there is none. */
export function recordTabState(
  tabId: number,
  page: ReportingPage,
  shown: {
    conversationKey: string | null;
    problem: string | null;
    adapter?: TabState['adapter'];
    unchecked?: string[];
    accountDevice?: string | null;
    remembered?: true;
    bannerOf?: string;
  },
): Promise<void> {
  const state: TabState = { url: page.url, origin: page.origin, document: page.document, updatedAt: Date.now(), ...shown };
  return inTurn(async () => {
    try {
      await writeKeys('session', { [keyOf(tabId)]: state });
    } catch {
      // The area is full: the Matrix state of other sites is the one large part that can be learnt again.
      await forgetMatrixState(page.origin);
      await writeKeys('session', { [keyOf(tabId)]: state });
    }
  });
}

export function forgetTab(tabId: number): Promise<void> {
  return inTurn(() => removeKeys('session', [keyOf(tabId)]));
}

/** Forgets the tab's state if it is still the one `stale` judged (a newer report keeps the newer state). */
export function forgetTabIf(tabId: number, stale: (state: TabState) => boolean): Promise<boolean> {
  return inTurn(async () => {
    const state = await readTabState(tabId);
    if (state === null || !stale(state)) return false;
    await removeKeys('session', [keyOf(tabId)]);
    return true;
  });
}
