// Decides who is speaking, then routes. Order matters: unknown shapes and
// senders are refused before any handler (or any storage) is touched.
import * as v from 'valibot';
import {
  acceptedFromFrames,
  allowedSenders,
  classifySender,
  isDocumentId,
  isMessageType,
  senderOrigin,
  type MessageType,
  type RequestOf,
  type ResponseOf,
  type SenderKind,
} from '../messages';
import { requestSchemas } from './request-schemas';
import { log } from './log';

export interface HandlerContext {
  sender: SenderKind;
  /** The reporting tab, for content-script messages. */
  tabId: number | null;
  /** URL of the sending document as the browser reports it. */
  senderUrl: string;
  /** The sending document's origin as the browser reports it (messages.ts, senderOrigin); absent when it gives none. */
  senderOrigin?: string;
  /** The id a content script sent for its document (src/content/document-id.ts); null from anyone else. */
  document: string | null;
  /** From a same-origin child frame: `senderUrl` is then the tab's top document's, and `document` null. */
  fromFrame: boolean;
}

export type Handlers = { [K in MessageType]: (request: RequestOf<K>, context: HandlerContext) => Promise<ResponseOf<K>> };

export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** `ready`: what a request of this type waits for before its handler runs (a woken worker's store, its badge). */
export function createRouter(handlers: Handlers, self: () => { id: string; origin: string }, ready: (type: MessageType) => Promise<void>) {
  return async (message: unknown, sender: SenderInfo): Promise<unknown> => {
    const kind = classifySender(sender, self());
    if (typeof message !== 'object' || message === null || !isMessageType((message as { type?: unknown }).type)) {
      log.refused('message of unknown type', kind);
      return { ok: false, reason: 'unknown message type' };
    }
    const type = (message as { type: MessageType }).type;
    const allowed = allowedSenders[type] === kind || (kind === 'frame-content-script' && acceptedFromFrames.has(type));
    if (!allowed) {
      log.refused(`${type} from ${kind}`, kind);
      return { ok: false, reason: `${type} is not accepted from this sender` };
    }
    const parsed = v.safeParse(requestSchemas[type], (message as { request?: unknown }).request);
    if (!parsed.success) {
      const reason = `malformed ${type}: ${v.summarize(parsed.issues).split('\n')[0]}`;
      log.refused(reason, kind);
      return { ok: false, reason };
    }
    await ready(type);
    const sentDocument = (message as { document?: unknown }).document;
    const fromFrame = kind === 'frame-content-script';
    const context: HandlerContext = {
      sender: kind,
      tabId: sender.tab?.id ?? null,
      // A child frame reports for its tab's top document (the same origin, checked by classifySender).
      senderUrl: (fromFrame ? sender.tab?.url : sender.url) ?? '',
      senderOrigin: senderOrigin(sender) ?? undefined,
      document: kind === 'content-script' && isDocumentId(sentDocument) ? sentDocument : null,
      fromFrame,
    };
    try {
      const handler = handlers[type] as (request: unknown, context: HandlerContext) => Promise<unknown>;
      return await handler(parsed.output, context);
    } catch (error) {
      log.error(`${type} failed`, error);
      return { ok: false, failed: true, reason: `${type} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
}
