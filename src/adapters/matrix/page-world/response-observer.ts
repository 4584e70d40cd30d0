// Runs in the page's own world at document_start, before the web client's code:
// wraps fetch and XMLHttpRequest so that the JSON bodies of the Matrix API
// responses KeyWatch reads are copied to the isolated content script, as JSON
// text in a CustomEvent, and history.pushState / replaceState so that a room
// switch without hashchange is noticed. It sends no request of its own and
// changes nothing the page sees: the page gets its original Response and XHR
// objects; a Response is cloned before reading. Everything it hands over is
// checked again on the other side, since any script of the page can dispatch
// the same event. The one thing it does on KeyWatch's behalf, only when the
// user asks in the popup, is ask the page's own client for members' keys
// through the client's own API (the request is the client's, with its session).
import {
  KEYS_REQUEST_EVENT,
  KEYS_REQUEST_RESULT_EVENT,
  MAX_OBSERVED_CHARS,
  MAX_REQUESTED_USERS,
  NAVIGATION_EVENT,
  OBSERVATION_EVENT,
  OBSERVED_PATH,
  REQUESTED_USERS_BATCH,
} from '../shared/observed-paths';

(() => {
  // The originals, taken before any page script can replace them.
  const then = Promise.prototype.then;
  const clone = Response.prototype.clone;
  const text = Response.prototype.text;
  const listen = EventTarget.prototype.addEventListener;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const isArray = Array.isArray;
  const historyProto = History.prototype;
  const Url = URL;
  const describe = Object.getOwnPropertyDescriptor;
  const define = Object.defineProperty;
  // Read through the interfaces' own getters, not instanceof: an address a frame's page made is that frame's URL or
  // Request, which instanceof this window's constructors does not recognise.
  const hrefOf = describe(URL.prototype, 'href')!.get!;
  const requestUrlOf = describe(Request.prototype, 'url')!.get!;
  const toText = String;
  // A relative address is resolved against the document's base, as fetch does: in an about:blank frame the page
  // made, that is its creator's address (location.href is about:blank there).
  const baseOf = describe(Node.prototype, 'baseURI')!.get!;
  const Custom = CustomEvent;
  const pathOf = new WeakMap<XMLHttpRequest, string>();
  const ignore = () => undefined;
  /** Set on a window by its own copy of this script: a parent's copy need not wrap it (see reachFrames). */
  const OWN_COPY = Symbol.for('keywatch.matrix-observed');
  /** Sent on its window by a frame's own copy as it starts: a parent's copy that wrapped the window first steps aside. */
  const OWN_COPY_STARTED = 'keywatch:matrix-own-copy';
  /** Windows this copy wrapped as their parent, each once. */
  const reached = new WeakSet<Window>();

  /** The address a fetch or XHR is given, as it reads it: a string, a URL, a Request, or anything else as text. */
  function addressOf(url: unknown): string {
    if (typeof url === 'string') return url;
    try {
      return hrefOf.call(url) as string;
    } catch {
      // not a URL
    }
    try {
      return requestUrlOf.call(url) as string;
    } catch {
      return toText(url);
    }
  }

  /** Path and query of a URL KeyWatch reads, or null. */
  function watched(url: unknown, doc: Document): string | null {
    try {
      const parsed = new Url(addressOf(url), baseOf.call(doc) as string);
      return OBSERVED_PATH.test(parsed.pathname) ? parsed.pathname + parsed.search : null;
    } catch {
      return null;
    }
  }

  function report(target: Window, url: string, body: string): void {
    const detail = stringify({ url, body: body.length <= MAX_OBSERVED_CHARS ? body : null });
    dispatch.call(target, new Custom(OBSERVATION_EVENT, { detail }));
  }

  /** Gives a wrapper the name and length of the function it replaces, as the page would see them. */
  function like<F extends (...args: never[]) => unknown>(wrapper: F, original: F): F {
    define(wrapper, 'name', { value: original.name });
    define(wrapper, 'length', { value: original.length });
    return wrapper;
  }

  /**
   * Wraps the fetch and XMLHttpRequest of `win`, this script's own window or a same-origin child frame's, and copies
   * what they read to `target` (where KeyWatch's content script listens) while `reporting()` says so.
   */
  function wrapRequests(win: Window & typeof globalThis, target: Window, reporting: () => boolean): void {
    const nativeFetch = win.fetch;
    const xhr = win.XMLHttpRequest.prototype;
    const nativeOpen = xhr.open;
    const nativeSend = xhr.send;

    win.fetch = like(
      function (this: unknown, ...args: Parameters<typeof window.fetch>) {
        const result = nativeFetch.apply(this, args);
        const url = reporting() ? watched(args[0], win.document) : null;
        if (url !== null) {
          then.call(
            result,
            (response: Response) => {
              if (!response.ok) return;
              then.call(text.call(clone.call(response)), (body: string) => report(target, url, body), ignore);
            },
            ignore,
          );
        }
        return result;
      } as typeof window.fetch,
      nativeFetch,
    );

    xhr.open = like(
      function (this: XMLHttpRequest, ...args: unknown[]) {
        const url = reporting() ? watched(args[1], win.document) : null;
        if (url === null) pathOf.delete(this);
        else pathOf.set(this, url);
        return (nativeOpen as (...a: unknown[]) => void).apply(this, args);
      },
      nativeOpen as (...a: unknown[]) => void,
    );

    xhr.send = like(
      function (this: XMLHttpRequest, ...args: unknown[]) {
        const url = pathOf.get(this);
        if (url !== undefined) {
          listen.call(this, 'load', () => {
            try {
              if (this.status < 200 || this.status > 299) return;
              const type = this.responseType;
              if (type === '' || type === 'text') report(target, url, this.responseText);
              else if (type === 'json' && this.response !== null) report(target, url, stringify(this.response));
            } catch {
              // A page that broke its own XHR object: nothing to copy.
            }
          });
        }
        return (nativeSend as (...a: unknown[]) => void).apply(this, args);
      },
      nativeSend as (...a: unknown[]) => void,
    );
    reachFrames(win, target, reporting);
  }

  /**
   * A frame the page makes gets its own copy of this script, but Firefox 140 runs it a moment after the frame is
   * made, and a client that fetched through the new frame at once went unread. So a frame's window, as the page
   * reaches it (contentWindow, contentDocument) before its own copy ran, is wrapped here, and what it reads is copied
   * to this window's listener, until the frame's own copy starts and says so; that copy always wraps its window
   * itself. A page that forges either sign can only bring back that moment before the frame's own copy runs.
   * Cross-origin frames are not readable and are left alone.
   */
  function reachFrames(win: Window & typeof globalThis, target: Window, reporting: () => boolean): void {
    for (const element of [win.HTMLIFrameElement, win.HTMLFrameElement, win.HTMLObjectElement])
      for (const name of ['contentWindow', 'contentDocument'] as const) {
        const property = element && describe(element.prototype, name);
        const get = property?.get;
        if (!property || !get) continue;
        define(element.prototype, name, {
          ...property,
          get: like(function (this: Element) {
            const value = get.call(this) as Window | Document | null;
            try {
              const frame = name === 'contentWindow' ? (value as Window | null) : (value as Document | null)?.defaultView;
              if (frame && reporting()) reach(frame as Window & typeof globalThis, target);
            } catch {
              // Another origin's frame: nothing of it can be read.
            }
            return value;
          }, get),
        });
      }
  }

  /** Wraps a child frame's window for its parent, once, unless the frame's own copy of this script runs there. */
  function reach(frame: Window & typeof globalThis, target: Window): void {
    if (reached.has(frame) || describe(frame, OWN_COPY)) return;
    reached.add(frame);
    let ownCopyStarted = false;
    listen.call(frame, OWN_COPY_STARTED, () => {
      ownCopyStarted = true;
    });
    wrapRequests(frame, target, () => !ownCopyStarted);
  }

  // This window's own copy: a parent's copy that wrapped it first steps aside, and no parent's copy wraps it later.
  dispatch.call(window, new Custom(OWN_COPY_STARTED));
  try {
    define(window, OWN_COPY, { value: true });
  } catch {
    // Defined already (a page that reached this frame first): this copy wraps it all the same.
  }
  wrapRequests(window, window, () => true);

  // Newer Element switches rooms with history.pushState, which fires no event at all.
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = historyProto[name];
    historyProto[name] = like(function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      dispatch.call(window, new Custom(NAVIGATION_EVENT));
      return result;
    }, original);
  }

  // The user asked KeyWatch for members' keys: the page's own client fetches them (a
  // /keys/query of its own, which the wrapper above copies like any other). Only
  // Element's client handle is used; on another client nothing happens and KeyWatch is told.
  listen.call(window, KEYS_REQUEST_EVENT, (event: Event) => {
    let outcome = 'unavailable';
    try {
      const detail: unknown = (event as CustomEvent<unknown>).detail;
      const ids: unknown = typeof detail === 'string' && detail.length <= 300_000 ? parse(detail) : null;
      const client = (window as { mxMatrixClientPeg?: { get?: () => unknown } }).mxMatrixClientPeg?.get?.() as
        { downloadKeysForUsers?: (users: string[]) => unknown } | null | undefined;
      if (isArray(ids) && client && typeof client.downloadKeysForUsers === 'function') {
        const users = ids
          .filter((id): id is string => typeof id === 'string' && id.length <= 255 && id[0] === '@')
          .slice(0, MAX_REQUESTED_USERS);
        for (let i = 0; i < users.length; i += REQUESTED_USERS_BATCH) {
          const pending = client.downloadKeysForUsers(users.slice(i, i + REQUESTED_USERS_BATCH));
          if (pending instanceof Promise) then.call(pending, ignore, ignore);
        }
        outcome = 'requested';
      }
    } catch {
      outcome = 'unavailable';
    }
    dispatch.call(window, new Custom(KEYS_REQUEST_RESULT_EVENT, { detail: outcome }));
  });
})();
