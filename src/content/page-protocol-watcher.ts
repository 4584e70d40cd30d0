// Watches the page's disclosure element and reports every change. The element
// is DOM state, so a late start still reads it; a MutationObserver wakes us on
// change (no polling), and bursts of mutations are coalesced into one read.
// This runs on the page's own thread, so it does the least it can: find the
// element, read its text, check the text's length, and hand it over. Parsing
// and validation happen in the background (adapters/page-protocol/parse.ts),
// the one place that judges what a page disclosed.
import { DISCLOSURE_ELEMENT_ID, DISCLOSURE_MIME_TYPE as DISCLOSURE_TYPE, PAGE_PROTOCOL_LIMITS } from '../adapters/page-protocol/protocol';

/** Any script element with the protocol's id; its type is checked separately to give a clear reason. */
const DISCLOSURE_SELECTOR = `script#${DISCLOSURE_ELEMENT_ID}`;

export type Report = { kind: 'disclosure'; text: string } | { kind: 'nothing'; reason: string };

/** Reads the page's current disclosure. Pure over the document, so it is easy to test. */
export function readDisclosure(doc: Document): Report {
  const elements = doc.querySelectorAll(DISCLOSURE_SELECTOR);
  if (elements.length === 0) return { kind: 'nothing', reason: 'this page discloses no conversation' };
  if (elements.length > 1) return { kind: 'nothing', reason: 'the page has more than one disclosure element' };
  const element = elements[0]!;
  if (element.getAttribute('type') !== DISCLOSURE_TYPE) {
    return { kind: 'nothing', reason: `the disclosure element's type is not ${DISCLOSURE_TYPE}` };
  }
  const text = element.textContent ?? '';
  // Too long to send: refused here, unread (the background refuses it with the same reason).
  const maxLength = PAGE_PROTOCOL_LIMITS.maxTextLength;
  if (text.length > maxLength) return { kind: 'nothing', reason: `refused: text: longer than ${maxLength} characters` };
  return { kind: 'disclosure', text };
}

/** The attributes that decide whether a script element is the disclosure; no other attribute is observed. */
const WATCHED_ATTRIBUTES = ['id', 'type'] as const;
const isIdOrType = (name: string | null) => (WATCHED_ATTRIBUTES as readonly (string | null)[]).includes(name);

function sameReport(a: Report | null, b: Report): boolean {
  if (!a || a.kind !== b.kind) return false;
  return a.kind === 'disclosure' ? a.text === (b as { text: string }).text : a.reason === (b as { reason: string }).reason;
}

/** A running watch: `readAgain` reports the disclosure now even when unchanged. */
export interface DisclosureWatch {
  stop(): void;
  readAgain(): void;
}

/**
 * Calls `onReport` now and after every change of the disclosure. The element is
 * read in the observer callback itself, so every state the page leaves between
 * two tasks is seen, however briefly it lasted (a ghost device shown for one
 * message must not slip through between two reads).
 */
export function watchDisclosure(doc: Document, onReport: (report: Report) => void): DisclosureWatch {
  let last: Report | null = null;
  const check = () => {
    const report = readDisclosure(doc);
    if (sameReport(last, report)) return;
    last = report;
    onReport(report);
  };
  const touchesDisclosure = (m: MutationRecord) => {
    // A script's new id or type may be what ended its being the disclosure, which closest() can no longer tell.
    if (m.type === 'attributes') return m.target instanceof Element && m.target.localName === 'script' && isIdOrType(m.attributeName);
    const target = m.target.nodeType === Node.TEXT_NODE ? m.target.parentNode : m.target;
    if (target instanceof Element && target.closest(DISCLOSURE_SELECTOR)) return true;
    return [...m.addedNodes, ...m.removedNodes].some(
      (node) => node instanceof Element && (node.matches(DISCLOSURE_SELECTOR) || node.querySelector(DISCLOSURE_SELECTOR) !== null),
    );
  };
  const observer = new MutationObserver((mutations) => {
    if (mutations.some(touchesDisclosure)) check();
  });
  // The document itself, not its root element: a page that replaces the root (or calls document.open) must not
  // leave the observer watching a detached tree.
  observer.observe(doc, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: [...WATCHED_ATTRIBUTES],
  });
  // Back from the browser's page cache: the tab's state was forgotten when it left; report again.
  const shownAgain = (event: PageTransitionEvent) => {
    if (!event.persisted) return;
    last = null;
    check();
  };
  doc.defaultView?.addEventListener('pageshow', shownAgain);
  check();
  return {
    stop: () => {
      observer.disconnect();
      doc.defaultView?.removeEventListener('pageshow', shownAgain);
    },
    readAgain: () => {
      last = null;
      check();
    },
  };
}
