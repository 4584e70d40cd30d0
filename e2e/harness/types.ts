// One small interface over Playwright (Chromium) and puppeteer-core over
// WebDriver BiDi (Firefox), so every scenario is written once and run in both.

export type BrowserName = 'chromium' | 'firefox';

export interface TestPage {
  url(): string;
  goto(url: string): Promise<void>;
  /** Runs fn in the page. fn must be self-contained: it is serialized. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Polls fn in the page until it returns a truthy value; `what` names the wait in errors. */
  waitFor<R, A>(
    what: string,
    fn: (arg: A) => R | Promise<R>,
    arg: A,
    timeoutMs?: number,
  ): Promise<Exclude<R, false | 0 | '' | null | undefined>>;
  click(selector: string): Promise<void>;
  fill(selector: string, text: string): Promise<void>;
  press(key: string): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface ExtensionBrowser {
  readonly name: BrowserName;
  /** e.g. chrome-extension://<id>/ or moz-extension://<uuid>/ */
  readonly extensionOrigin: string;
  newPage(url: string): Promise<TestPage>;
  openExtensionPage(path: string): Promise<TestPage>;
  /** Evaluates in a hidden extension page (all extension APIs are reachable there). */
  inExtension<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  badgeText(): Promise<string>;
  /** Every network request the extension itself started (background and extension pages). */
  extensionRequests(): string[];
  /**
   * Stops the background (Chromium's service worker; Firefox's background page is reloaded).
   * `wokenAtOnce`: a page may wake the background again at once (a report in flight): Chromium's worker then comes
   * back under the same target id, perhaps before it is seen gone, so its closing is taken as its stop.
   */
  stopBackground(options?: { wokenAtOnce?: boolean }): Promise<void>;
  /**
   * The background's JavaScript heap in use after a garbage collection, in bytes (Chromium's
   * service worker, which must be running); null where the browser offers no way to read it.
   */
  backgroundHeap(): Promise<number | null>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  profileDir: string;
  extensionDir: string;
  /** The system theme pages see (prefers-color-scheme); the browser's default when omitted. */
  colorScheme?: 'light' | 'dark';
  /** More command-line switches for Chromium (Firefox ignores them), e.g. a fake camera. */
  chromiumArgs?: string[];
  /** More environment variables for Chromium, e.g. LANGUAGE (on Linux its interface language comes from there). */
  chromiumEnv?: Record<string, string>;
  /** More preferences for Firefox (Chromium ignores them). */
  firefoxPrefs?: Record<string, string | number | boolean>;
  /** Accept the test servers' self-signed certificates. */
  acceptInsecureCerts?: boolean;
}

/** Errors a poll may retry: the page navigated mid-call, or Firefox's agent failed building a result (firefox.ts). */
export const EVAL_RETRY_ERRORS =
  /Execution context was destroyed|Target closed|realm|context.*(destroyed|discarded)|No realm|Navigat|#buildReturnValue/i;
