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

/** The top frame has a content script that did not answer in time: the page keeps its thread busy. */
const NO_ANSWER = 'no-answer';

/** A tab's state as shown: `unconfirmed` when the tab's top frame did not say, in time, which document it shows. */
export type ShownTabState = TabState & { unconfirmed?: true };

/** The document the tab's top frame shows now, or null when no KeyWatch content script answers there. */
export async function currentDocument(tabId: number): Promise<string | null> {
  const shown = await askDocument(tabId);
  return shown === NO_ANSWER ? null : shown;
}

/** As currentDocument, but NO_ANSWER when a content script is there and did not answer in time. */
async function askDocument(tabId: number): Promise<string | null | typeof NO_ANSWER> {
  const query: DocumentQuery = { type: 'document/which' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof NO_ANSWER>((resolve) => (timer = setTimeout(() => resolve(NO_ANSWER), ANSWER_TIMEOUT_MS)));
  try {
    const answer = await Promise.race([sendToTab(tabId, query, 0).catch(() => null), timeout]);
    if (answer === NO_ANSWER) return NO_ANSWER;
    return isDocumentAnswer(answer) ? answer.document : null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The tab's state if the tab still shows the document it was recorded from; otherwise it is forgotten and null. A top
 * frame that is there but does not answer in time (a page can keep its thread busy) must not make KeyWatch forget
 * what it read there: the state is kept, and shown as unconfirmed, never as fresh.
 */
export async function currentTabState(tabId: number): Promise<ShownTabState | null> {
  const state = await readTabState(tabId);
  if (state === null) return null;
  const shown = await askDocument(tabId);
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
