// Keeps the page-protocol element in the document: created once, its text
// replaced in place when the disclosure changes, removed on sign-out.

import { DISCLOSURE_ELEMENT_ID, DISCLOSURE_MIME_TYPE } from '../../../src/adapters/page-protocol/protocol';

export function writeDisclosureElement(doc: Document, text: string | null): void {
  let element = doc.getElementById(DISCLOSURE_ELEMENT_ID);
  if (text === null) {
    element?.remove();
    return;
  }
  if (!element) {
    element = doc.createElement('script');
    element.setAttribute('type', DISCLOSURE_MIME_TYPE);
    element.id = DISCLOSURE_ELEMENT_ID;
    doc.head.append(element);
  }
  // Unchanged text is not rewritten, so watchers see a mutation only for a real change.
  if (element.textContent !== text) element.textContent = text;
}
