// A tab's recorded state speaks for one document. Before it is shown, and
// whenever the tab navigates, the tab's top frame is asked which document it
// shows now (KeyWatch's content scripts answer; a page KeyWatch does not read
// has none, and cannot answer for them). A state from another document — the
// tab moved to another site, reloaded, or went to another page — is forgotten,
// so the popup follows the tab and never shows what it showed before.
import { isDocumentAnswer, type DocumentQuery } from '../messages';
import { sendToTab } from '../platform/tabs';
import { forgetTabIf, readTabState, type TabState } from './tab-state';

/** How long the top frame has to answer; a content script answers at once, a tab without one fails at once. */
const ANSWER_TIMEOUT_MS = 2000;

/** The document the tab's top frame shows now, or null when no KeyWatch content script answers there. */
export async function currentDocument(tabId: number): Promise<string | null> {
  const query: DocumentQuery = { type: 'document/which' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ANSWER_TIMEOUT_MS)));
  try {
    const answer = await Promise.race([sendToTab(tabId, query, 0).catch(() => null), timeout]);
    return isDocumentAnswer(answer) ? answer.document : null;
  } finally {
    clearTimeout(timer);
  }
}

/** The tab's state if the tab still shows the document it was recorded from; otherwise it is forgotten and null. */
export async function currentTabState(tabId: number): Promise<TabState | null> {
  const state = await readTabState(tabId);
  if (state === null) return null;
  const shown = await currentDocument(tabId);
  if (shown !== null && shown === state.document) return state;
  // Forget exactly the state judged stale: a report of the new document may have replaced it meanwhile.
  const forgotten = await forgetTabIf(tabId, (now) => now.document === state.document && now.updatedAt === state.updatedAt);
  return forgotten ? null : readTabState(tabId);
}

/** After a navigation: keeps the tab's state only if the tab still shows its document (a change of fragment keeps it). */
export async function recheckTab(tabId: number): Promise<void> {
  await currentTabState(tabId);
}
