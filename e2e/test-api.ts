import type { BrowserPool, BrowserName, TestServer } from './harness';

export interface E2EContext {
  browser: BrowserName;
  pool: BrowserPool;
  server: TestServer;
  /** Folder for screenshots and other evidence of this run. */
  artifacts: string;
}

export interface E2ETest {
  name: string;
  /** The browsers this test runs in; both when omitted. */
  browsers?: BrowserName[];
  /** Shorthand for a single browser. */
  browser?: BrowserName;
  /** A longer time limit than E2E_TIMEOUT_MS, for a test that must fill the store. */
  timeoutMs?: number;
  run(context: E2EContext): Promise<void>;
}
