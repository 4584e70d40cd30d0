// Every message between the parts of KeyWatch, each request with its response.
// Content scripts may only report what they saw; only extension pages may read
// the trust store's views or change trust. The background enforces this with
// `allowedSenders` before any handler runs.
import type { AdapterName } from './core/roster';
import type { TabView } from './background/tab-view';

export type Refusal = { ok: false; reason: string };
export type Ok<T = object> = { ok: true } & T;

export interface Messages {
  /** Content script: the text the page disclosed; the background validates it again. */
  'page/disclosure': {
    request: { adapter: AdapterName; text: string };
    response: Ok | Refusal;
  };
  /** Content script: the page discloses nothing (no element, or no conversation open). */
  'page/nothing': {
    request: { adapter: AdapterName; reason: string };
    response: Ok;
  };
  /** Extension page: what KeyWatch knows about the conversation open in a tab. */
  'view/tab': {
    request: { tabId: number };
    response: Ok<{ view: TabView | null }> | Refusal;
  };
}

export type MessageType = keyof Messages;
export type RequestOf<K extends MessageType> = Messages[K]['request'];
export type ResponseOf<K extends MessageType> = Messages[K]['response'];
export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  request: RequestOf<K>;
}

export type SenderKind = 'extension-page' | 'content-script' | 'foreign';

/** Who may send each message. Anything that changes trust is extension-page only. */
export const allowedSenders: { [K in MessageType]: SenderKind } = {
  'page/disclosure': 'content-script',
  'page/nothing': 'content-script',
  'view/tab': 'extension-page',
};

export interface SenderFacts {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/**
 * Decides who is speaking from facts the browser sets (never from the message):
 * our own extension pages live at our origin; content scripts are ours, run in
 * a tab, and are only trusted from the top frame.
 */
export function classifySender(sender: SenderFacts, self: { id: string; origin: string }): SenderKind {
  if (sender.id !== self.id) return 'foreign';
  if (typeof sender.url === 'string' && sender.url.startsWith(self.origin)) return 'extension-page';
  if (typeof sender.tab?.id === 'number' && sender.tab.id >= 0 && sender.frameId === 0) return 'content-script';
  return 'foreign';
}

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && Object.hasOwn(allowedSenders, value);
}
