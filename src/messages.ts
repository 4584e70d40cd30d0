// Every message between the parts of KeyWatch, each request with its response.
// Content scripts may only report what they saw; only extension pages may read
// the trust store's views or change trust. The background enforces this with
// `allowedSenders` before any handler runs.
import { STORE_LIMITS } from './core/trust/limits/store-limits';
import type { AdapterName, PublicKeyRef } from './core/roster';
import type { TabView, TabViewStart } from './view/tab-view';
import type { MatrixObservation } from './adapters/matrix/shared/observation';
import type { ConflictChoice, ImportPreview } from './core/records-file';

/** `failed`: the background failed while handling the request (not a refusal of what was sent), so sending it again may work. */
export type Refusal = { ok: false; reason: string; failed?: true };
export type Ok<T = object> = { ok: true } & T;

/** A text the background holds for a document: the number the content script gave it and the background's SHA-256 of it (hex). */
export interface TextMark {
  seq: number;
  digest: string;
}

/**
 * A disclosure text as a change from the held text `base`: `keepStart` code units of its start, then
 * `middle`, then `keepEnd` of its end, `length` code units in all.
 */
export interface DisclosureChange {
  base: TextMark;
  keepStart: number;
  keepEnd: number;
  middle: string;
  length: number;
}

/** The background does not hold the base a change was made against (it restarted, or the base is not the one named). */
export type NeedsWhole = { ok: false; needsWhole: true; reason: string };

/**
 * The name of the port a content script keeps open to the background while it holds a text the background said it
 * holds (src/content/background-life.ts). Nothing is sent over it either way: its closing tells the content script
 * that the background stopped, and forgot every text, so its next report goes whole at once.
 */
export const BACKGROUND_LIFE_PORT = 'background-life';

export interface Messages {
  /**
   * Content script: the text the page disclosed, whole or as its change from an earlier text of the
   * same document (src/content/disclosure-sender.ts); the background parses and validates it.
   */
  'page/disclosure': {
    /**
     * `skipped`: earlier states the page showed that were dropped unread because it changed too fast.
     * `seq`: this text's number in its document's sequence; without it, no later change can build on it.
     */
    request: { adapter: AdapterName; text: string | DisclosureChange; skipped: number; seq?: number };
    /**
     * `banner`: the critical alerts this page's banner should show now. `held`: the text the background
     * now holds for this document, which the next change may name as its base. `needsWhole`: send it whole.
     */
    response: ((Ok<{ banner: BannerAlert[] }> | Refusal) & { held?: TextMark }) | NeedsWhole;
  };
  /** Content script: a Matrix API response the page received, or a change of its open room. */
  'page/matrix-observed': {
    request: MatrixObservation;
    /** `banner`: the critical alerts to show now; null when the banner is unchanged. */
    response: Ok<{ banner: BannerAlert[] | null }> | Refusal;
  };
  /** Content script: the page discloses nothing (no element, or no conversation open). */
  'page/nothing': {
    request: { adapter: AdapterName; reason: string };
    response: Ok;
  };
  /**
   * Content script (top frame only): the page hid, covered, moved, restyled or
   * pre-empted KeyWatch's banner. It can only make KeyWatch louder (a
   * notification and a mark on the tab's badge), never quieter.
   */
  'page/banner-hidden': {
    request: { reason: BannerHiddenReason };
    response: Ok | Refusal;
  };
  /** Extension page: the user compared `key` with the contact in person. */
  'trust/mark-verified': {
    request: { origin: string; account: string; contactId: string; key: PublicKeyRef; method: 'scanned' | 'typed' | 'read-aloud' };
    response: Ok<{ outcome: string }> | Refusal;
  };
  /** Extension page: the user accepts what an alert describes (its `accepts` text). */
  'trust/acknowledge': {
    /** `lastRaised`: the alert's, as the page showed it: one raised again since is not closed with it. */
    request: { alertId: string; lastRaised: number };
    response: Ok<{ outcome: string }> | Refusal;
  };
  /** Extension page: what KeyWatch knows about the conversation open in a tab. */
  'view/tab': {
    request: { tabId: number };
    response: Ok<{ view: TabView | null }> | Refusal;
  };
  /** Extension page: the first `rows` people of the same view, asked alongside it so a big conversation shows at once. */
  'view/tab-start': {
    request: { tabId: number; rows: number };
    response: Ok<{ start: TabViewStart | null }> | Refusal;
  };
  /**
   * Extension page, on the user's click: ask the Matrix client in a tab for the
   * keys of the members KeyWatch could not check (through the client's own API;
   * docs/matrix.md, "No room waits for good").
   */
  'matrix/request-keys': {
    request: { tabId: number };
    /** `users`: how many members were asked for; `outcome`: whether the page's client could be asked. */
    response: Ok<{ outcome: 'requested' | 'unavailable'; users: number }> | Refusal;
  };
  /** Extension page: the whole record as a records file (docs/storage.md, "Records file"). */
  'records/export': {
    request: Record<string, never>;
    /** `skipped`: damaged records left out of the file. */
    response: Ok<{ text: string; fileName: string; skipped: number }> | Refusal;
  };
  /**
   * Extension page: what importing this records file would do with the conflicts decided so far (what a
   * conflict adds or closes depends on the decision, so the page asks again after each one). Changes nothing.
   */
  'records/import-preview': {
    request: { text: string; decisions?: Record<string, ConflictChoice> };
    response: Ok<{ preview: ImportPreview; undecided: string[] }> | Refusal;
  };
  /**
   * Extension page: import the file, with the user's decision for each conflict (keyed by contact)
   * and, when the preview listed alerts it closes, verifications it adds or trust it changes, the preview's
   * `confirmation` the user confirmed (refused if the list differs now).
   */
  'records/import-apply': {
    request: { text: string; decisions: Record<string, ConflictChoice>; confirmed: string | null };
    response: Ok<{ preview: ImportPreview }> | Refusal;
  };
  /** Extension page: forget every record and setting, after the user confirmed. */
  'records/clear': {
    request: { confirm: 'clear-all-data' };
    response: Ok | Refusal;
  };
  /** Extension page: turn KeyWatch on or off for one site (a page origin). */
  'settings/site': {
    request: { origin: string; enabled: boolean };
    response: Ok | Refusal;
  };
}

/** Background → content script: the critical alerts the in-page banner shows (empty hides it). */
/** What the page did to the banner, as the content script found it (src/content/banner-check.ts). */
export const BANNER_HIDDEN_REASONS = [
  'removed',
  'moved',
  'restyled',
  'hidden',
  'transparent',
  'clipped',
  'too-small',
  'off-screen',
  'covered',
  'pre-empted',
] as const;
export type BannerHiddenReason = (typeof BANNER_HIDDEN_REASONS)[number];

export interface BannerPush {
  type: 'banner/show';
  /** The adapter whose content script owns the tab's conversation; only it shows the banner. */
  adapter: AdapterName;
  alerts: BannerAlert[];
  /**
   * The document the banner is about (src/content/document-id.ts), when known: a frame showing another document
   * ignores it (the tab moved on while the push was on its way, or while the page kept its thread busy).
   */
  document?: string;
}

export interface BannerAlert {
  id: string;
  summary: string;
  /** The alert's lastRaised: hiding the banner hides this occurrence, not the alert's next one (reopened, counted). */
  raised: number;
}

export function isBannerPush(value: unknown): value is BannerPush {
  if (typeof value !== 'object' || value === null) return false;
  const { type, alerts } = value as { type?: unknown; alerts?: unknown };
  const { adapter, document } = value as { adapter?: unknown; document?: unknown };
  return (
    type === 'banner/show' &&
    (document === undefined || (typeof document === 'string' && document.length <= 64)) &&
    (adapter === 'page-protocol' || adapter === 'matrix') &&
    Array.isArray(alerts) &&
    // As many as a conversation can have open: the background sends them all (banners.ts).
    alerts.length <= STORE_LIMITS.alerts &&
    alerts.every(
      (a) => typeof a?.id === 'string' && typeof a?.summary === 'string' && a.summary.length <= 2000 && Number.isFinite(a?.raised),
    )
  );
}

/** Background → a tab's top frame: which document is this? (Answered by KeyWatch's content scripts only.) */
export interface DocumentQuery {
  type: 'document/which';
}

export interface DocumentAnswer {
  /** The random id the frame's content scripts send with every report (src/content/document-id.ts). */
  document: string;
  url: string;
}

export function isDocumentQuery(value: unknown): value is DocumentQuery {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'document/which';
}

/**
 * Background → a tab's frames: read the page's disclosure again and report it, even unchanged, if this frame shows
 * `document`. Sent after an import replaced the roster the frame last reported, so that the tab is checked again
 * without waiting for its page to change (records-import.ts).
 */
export interface ReadAgainPush {
  type: 'page/read-again';
  document: string;
}

export function isReadAgainPush(value: unknown): value is ReadAgainPush {
  if (typeof value !== 'object' || value === null) return false;
  const { type, document } = value as { type?: unknown; document?: unknown };
  return type === 'page/read-again' && isDocumentId(document);
}

/** The id a content script sends with each report: 32 hexadecimal digits. */
export function isDocumentId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

export function isDocumentAnswer(value: unknown): value is DocumentAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const { document, url } = value as { document?: unknown; url?: unknown };
  return isDocumentId(document) && typeof url === 'string';
}

export type MessageType = keyof Messages;
export type RequestOf<K extends MessageType> = Messages[K]['request'];
export type ResponseOf<K extends MessageType> = Messages[K]['response'];
export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  request: RequestOf<K>;
}

/** `frame-content-script`: ours, in a child frame of the same origin as its tab's top document. */
export type SenderKind = 'extension-page' | 'content-script' | 'frame-content-script' | 'foreign';

/** Who may send each message. Anything that changes trust is extension-page only. */
export const allowedSenders: { [K in MessageType]: SenderKind } = {
  'page/disclosure': 'content-script',
  'page/nothing': 'content-script',
  'page/matrix-observed': 'content-script',
  'page/banner-hidden': 'content-script',
  'trust/mark-verified': 'extension-page',
  'trust/acknowledge': 'extension-page',
  'view/tab': 'extension-page',
  'view/tab-start': 'extension-page',
  'matrix/request-keys': 'extension-page',
  'records/export': 'extension-page',
  'records/import-preview': 'extension-page',
  'records/import-apply': 'extension-page',
  'records/clear': 'extension-page',
  'settings/site': 'extension-page',
};

/**
 * Observations a content script in a same-origin child frame may send: a
 * client that fetches keys from an iframe must not go unseen. They feed the
 * tab's state only; nothing from a child frame decides trust.
 */
export const acceptedFromFrames: ReadonlySet<MessageType> = new Set<MessageType>(['page/matrix-observed']);

export interface SenderFacts {
  id?: string;
  url?: string;
  /** The sending document's origin as the browser gives it (an about:blank frame has its creator's). */
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** An origin as a string, or null when the text is not an address with one. */
function originOf(url: string | undefined): string | null {
  if (typeof url !== 'string') return null;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The sending document's origin, or null when it has none a record could be kept under. The browser's
 * `origin` wins over the address: a sandboxed document sits at its site's address but has the opaque
 * origin 'null', and is not that site. Only when the browser gives no origin (Firefox) does the address decide.
 */
export function senderOrigin(sender: Pick<SenderFacts, 'url' | 'origin'>): string | null {
  if (typeof sender.origin !== 'string') return originOf(sender.url);
  return sender.origin === 'null' ? null : sender.origin;
}

/**
 * Decides who is speaking from facts the browser sets (never from the message):
 * our own extension pages live at our origin; content scripts are ours and run
 * in a tab, in a document with a real origin; in a child frame, only when that
 * origin is the tab's.
 */
export function classifySender(sender: SenderFacts, self: { id: string; origin: string }): SenderKind {
  if (sender.id !== self.id) return 'foreign';
  if (typeof sender.url === 'string' && sender.url.startsWith(self.origin)) return 'extension-page';
  if (typeof sender.tab?.id !== 'number' || sender.tab.id < 0) return 'foreign';
  const origin = senderOrigin(sender);
  if (origin === null) return 'foreign';
  if (sender.frameId === 0) return 'content-script';
  if (typeof sender.frameId !== 'number' || sender.frameId < 0) return 'foreign';
  return origin === originOf(sender.tab.url) ? 'frame-content-script' : 'foreign';
}

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && Object.hasOwn(allowedSenders, value);
}
