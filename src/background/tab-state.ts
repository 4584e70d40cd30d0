// What each tab last showed, in storage.session: it outlives a stopped service
// worker but not the browser, and content scripts cannot read it.
import * as v from 'valibot';
import { readKeys, removeKeys, writeKeys } from '../platform/storage';
import { forgetMatrixState } from './handlers/matrix-session';

const TabStateSchema = v.object({
  url: v.string(),
  origin: v.string(),
  updatedAt: v.number(),
  /** Key of the conversation in the trust store, or null when the page shows none. */
  conversationKey: v.nullable(v.string()),
  /** Why the last report was refused or empty, in plain words; null when it was taken. */
  problem: v.nullable(v.string()),
  /** The adapter that reported the conversation (absent in states written before it was recorded). */
  adapter: v.optional(v.picklist(['page-protocol', 'matrix'])),
});
export type TabState = v.InferOutput<typeof TabStateSchema>;

const keyOf = (tabId: number) => `tab/${tabId}`;

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
export async function recordTabState(
  tabId: number,
  page: { url: string; origin: string },
  shown: { conversationKey: string | null; problem: string | null; adapter?: TabState['adapter'] },
): Promise<void> {
  const state: TabState = { url: page.url, origin: page.origin, updatedAt: Date.now(), ...shown };
  try {
    await writeKeys('session', { [keyOf(tabId)]: state });
  } catch {
    // The area is full: the Matrix state of other sites is the one large part that can be learnt again.
    await forgetMatrixState(page.origin);
    await writeKeys('session', { [keyOf(tabId)]: state });
  }
}

export async function forgetTab(tabId: number): Promise<void> {
  await removeKeys('session', [keyOf(tabId)]);
}
