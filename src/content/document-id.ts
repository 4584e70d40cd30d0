// Which document a report comes from. Every KeyWatch content script of a frame
// runs in the same isolated world, so they share one random id per document
// (the page cannot read or set it). The background keeps it with the tab's
// state and asks the top frame for it again before showing that state, so a
// tab that moved on (another site, a reload, another page) never shows the
// conversation it showed before.
import { isDocumentQuery, type DocumentAnswer, type MessageType, type RequestOf, type ResponseOf } from '../messages';
import { extensionId, onRuntimeMessage, sendRuntimeMessage } from '../platform/runtime';

const SLOT = 'keywatchDocumentId';

export function documentId(): string {
  const shared = globalThis as { [SLOT]?: string };
  // Not merely "absent": a page element with this id shows through the window as a named property in some browsers.
  if (typeof shared[SLOT] !== 'string') {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    shared[SLOT] = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return shared[SLOT];
}

/** A report to the background, sent with the id of the document it is about. */
export async function sendReport<K extends MessageType>(type: K, request: RequestOf<K>): Promise<ResponseOf<K>> {
  return (await sendRuntimeMessage({ type, request, document: documentId() })) as ResponseOf<K>;
}

/** Answers the background's "which document is this?" in the top frame. */
export function answerDocumentQueries(): void {
  if (window !== window.top) return;
  onRuntimeMessage((message, sender) => {
    if (sender.id !== extensionId() || !isDocumentQuery(message)) return undefined;
    const answer: DocumentAnswer = { document: documentId(), url: location.href };
    return Promise.resolve(answer);
  });
}
