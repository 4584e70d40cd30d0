// A tab's recorded state speaks for one document. Before it is shown, and
// whenever the tab navigates, the tab's top frame is asked which document it
// shows now (KeyWatch's content scripts answer; a page KeyWatch does not read
// has none, and cannot answer for them). A state from another document — the
// tab moved to another site, reloaded, or went to another page — is forgotten,
// so the popup follows the tab and never shows what it showed before.
import { askTopDocument, NO_ANSWER } from '../platform/top-document';
import { forgetTabIf, readTabState, type TabState } from './tab-state';

/** A tab's state as shown: `unconfirmed` when the tab's top frame did not say, in time, which document it shows. */
export type ShownTabState = TabState & { unconfirmed?: true };

/** The document the tab's top frame shows now, or null when no KeyWatch content script answers there in time. */
export async function currentDocument(tabId: number): Promise<string | null> {
  const shown = await askTopDocument(tabId);
  return shown === NO_ANSWER ? null : shown;
}

/**
 * The tab's state if the tab still shows the document it was recorded from; otherwise it is forgotten and null. A top
 * frame that is there but does not answer in time (a page can keep its thread busy) must not make KeyWatch forget
 * what it read there: the state is kept, and shown as unconfirmed, never as fresh.
 */
export async function currentTabState(tabId: number): Promise<ShownTabState | null> {
  const state = await readTabState(tabId);
  if (state === null) return null;
  const shown = await askTopDocument(tabId);
  if (shown === NO_ANSWER) return { ...state, unconfirmed: true };
  if (shown !== null && shown === state.document) return state;
  // Forget exactly the state judged stale: a report of the new document may have replaced it meanwhile.
  const forgotten = await forgetTabIf(tabId, (now) => now.document === state.document && now.updatedAt === state.updatedAt);
  return forgotten ? null : readTabState(tabId);
}

/** After a navigation: keeps the tab's state only if the tab still shows its document (a change of fragment keeps it). */
export async function recheckTab(tabId: number): Promise<void> {
  await currentTabState(tabId);
}
