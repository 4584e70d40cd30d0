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
  const nativeFetch = window.fetch;
  const then = Promise.prototype.then;
  const clone = Response.prototype.clone;
  const text = Response.prototype.text;
  const xhr = XMLHttpRequest.prototype;
  const nativeOpen = xhr.open;
  const nativeSend = xhr.send;
  const listen = EventTarget.prototype.addEventListener;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const isArray = Array.isArray;
  const historyProto = History.prototype;
  const Url = URL;
  // A relative address is resolved against the document's base, as fetch does: in an about:blank frame the page
  // made, that is its creator's address (location.href is about:blank there).
  const baseOf = Object.getOwnPropertyDescriptor(Node.prototype, 'baseURI')!.get!;
  const doc = document;
  const Custom = CustomEvent;
  const pathOf = new WeakMap<XMLHttpRequest, string>();
  const ignore = () => undefined;

  /** Path and query of a URL KeyWatch reads, or null. */
  function watched(url: unknown): string | null {
    try {
      const href = typeof url === 'string' ? url : url instanceof Url ? url.href : url instanceof Request ? url.url : null;
      if (href === null) return null;
      const parsed = new Url(href, baseOf.call(doc) as string);
      return OBSERVED_PATH.test(parsed.pathname) ? parsed.pathname + parsed.search : null;
    } catch {
      return null;
    }
  }

  function report(url: string, body: string): void {
    const detail = stringify({ url, body: body.length <= MAX_OBSERVED_CHARS ? body : null });
    dispatch.call(window, new Custom(OBSERVATION_EVENT, { detail }));
  }

  /** Gives a wrapper the name and length of the function it replaces, as the page would see them. */
  function like<F extends (...args: never[]) => unknown>(wrapper: F, original: F): F {
    Object.defineProperty(wrapper, 'name', { value: original.name });
    Object.defineProperty(wrapper, 'length', { value: original.length });
    return wrapper;
  }

  window.fetch = like(
    function (this: unknown, ...args: Parameters<typeof window.fetch>) {
      const result = nativeFetch.apply(this, args);
      const url = watched(args[0]);
      if (url !== null) {
        then.call(
          result,
          (response: Response) => {
            if (!response.ok) return;
            then.call(text.call(clone.call(response)), (body: string) => report(url, body), ignore);
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
      const url = watched(args[1]);
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
            if (type === '' || type === 'text') report(url, this.responseText);
            else if (type === 'json' && this.response !== null) report(url, stringify(this.response));
          } catch {
            // A page that broke its own XHR object: nothing to copy.
          }
        });
      }
      return (nativeSend as (...a: unknown[]) => void).apply(this, args);
    },
    nativeSend as (...a: unknown[]) => void,
  );

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
