// Asks a tab's top frame which document it shows (KeyWatch's content scripts answer: src/content/document-id.ts).
// Used by the background, which follows tabs, and by the popup, which says why a tab was not read.
import { isDocumentAnswer, type DocumentQuery } from '../messages';
import { sendToTab } from './tabs';

/** How long the top frame has to answer; a content script answers at once, a tab without one fails at once. */
const ANSWER_TIMEOUT_MS = 2000;

/** The top frame has a content script that did not answer in time: the page keeps its thread busy. */
export const NO_ANSWER = 'no-answer';

/** The document's id; null when no KeyWatch content script answers there; NO_ANSWER when one is there but busy. */
export async function askTopDocument(tabId: number): Promise<string | null | typeof NO_ANSWER> {
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
