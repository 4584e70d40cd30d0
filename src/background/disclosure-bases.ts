// The last disclosure text each tab's document sent, held in memory so that the
// next report can come as a change against it (src/content/disclosure-sender.ts).
// Memory only: a stopped worker forgets every base, and the next change is then
// answered with "send it whole". A change is taken only against the text it
// names: the same document (its id is random, held by KeyWatch's content
// script, never seen by the page), the sequence number that script gave the
// text, and the digest this worker computed of it and told the script. Anything
// else is answered "send it whole". Bounded: one base per tab, and the least
// recently used are dropped past a total size.
import type { DisclosureChange, Messages, NeedsWhole, TextMark } from '../messages';
import { PAGE_PROTOCOL_LIMITS } from '../adapters/page-protocol/protocol';
import { applyEdit } from '../core/text-change';
import { textDigest } from '../core/text-digest';

type Request = Messages['page/disclosure']['request'];

interface Base {
  document: string;
  mark: TextMark;
  text: string;
}

/** storage.session: how often a change was answered "send it whole" since the browser started, and why the last time (metrics.ts). */
export const WHOLE_ASKED_METRICS_KEY = 'metrics/whole-asked';

/** Code units held for all tabs together: two of the largest texts allowed (64 MiB at most). */
export const MAX_HELD_CHARS = 2 * PAGE_PROTOCOL_LIMITS.maxTextLength;

const held = new Map<number, Base>();
let heldChars = 0;

function forget(tabId: number): void {
  const base = held.get(tabId);
  if (!base) return;
  heldChars -= base.text.length;
  held.delete(tabId);
}

function hold(tabId: number, base: Base): void {
  forget(tabId);
  held.set(tabId, base);
  heldChars += base.text.length;
  // Map order is insertion order: the first entries are the least recently sent.
  for (const oldest of held.keys()) {
    if (heldChars <= MAX_HELD_CHARS || oldest === tabId) break;
    forget(oldest);
  }
}

const needsWhole = (reason: string): NeedsWhole => ({ ok: false, needsWhole: true, reason });

/**
 * The whole text a report stands for, with the mark under which it is now held
 * (when the sender numbered it and named its document), or a request for the
 * whole text when a change does not name the text held for this document.
 */
export async function disclosureText(
  tabId: number,
  document: string | null,
  request: Request,
): Promise<{ text: string; held: TextMark | undefined } | NeedsWhole> {
  const text = typeof request.text === 'string' ? request.text : rebuild(held.get(tabId), document, request.text);
  if (typeof text !== 'string') {
    forget(tabId);
    return needsWhole(text.reason);
  }
  return { text, held: await keep(tabId, document, request.seq, text) };
}

function rebuild(base: Base | undefined, document: string | null, change: DisclosureChange): string | { reason: string } {
  if (!base || document === null || base.document !== document) return { reason: 'no earlier text of this document is held' };
  if (base.mark.seq !== change.base.seq || base.mark.digest !== change.base.digest) return { reason: 'the held text is not the one named' };
  const text = applyEdit(base.text, change);
  if (text === null || text.length !== change.length) return { reason: 'the change does not fit the held text' };
  return text;
}

/** Holds `text` as the tab's base, under the sender's number and its digest. */
async function keep(tabId: number, document: string | null, seq: number | undefined, text: string): Promise<TextMark | undefined> {
  forget(tabId);
  if (seq === undefined || document === null) return undefined;
  const mark = { seq, digest: await textDigest(text) };
  hold(tabId, { document, mark, text });
  return mark;
}

/** The tab closed: its base is of no more use. */
export function forgetDisclosureBase(tabId: number): void {
  forget(tabId);
}

/** For tests: the worker stopped, and memory with it. */
export function forgetAllDisclosureBases(): void {
  held.clear();
  heldChars = 0;
}
