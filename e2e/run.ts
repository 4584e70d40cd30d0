// Runs every e2e/**/*.e2e.ts test in two lanes side by side, one test at a time
// in each (most of a browser test is waiting, so two of them share 2 cores
// well): one lane takes the Chromium tests in order, the other the Firefox tests,
// and a lane whose own list is done takes the other's from its end (Firefox's
// list takes about twice as long). Prints one line per test and a
// closing `N passed, N failed` line; exits non-zero on any failure. The tests
// load the dev build, made first from the store build in dist/ (`npm run build`),
// so the scripts and pages under test are the ones the stores get.
//   E2E_BROWSERS=chromium,firefox   which browsers (default both)
//   E2E_GREP=text                   only tests whose name contains text
//   E2E_SERIAL=1                    one browser after the other
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeDevBuilds } from '../scripts/build/dev-build';
import { BrowserPool, startTestServer, type BrowserName, type TestServer } from './harness';
import type { E2ETest } from './test-api';

const root = import.meta.dirname;
const artifacts = resolve(root, '../artifacts/e2e');
const browsers = (process.env.E2E_BROWSERS ?? 'chromium,firefox').split(',').filter(Boolean) as BrowserName[];
const grep = process.env.E2E_GREP ?? '';
const perTestTimeoutMs = Number(process.env.E2E_TIMEOUT_MS ?? 180_000);

function findTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTestFiles(path);
      return entry.name.endsWith('.e2e.ts') ? [path] : [];
    })
    .sort();
}

function browsersOf(test: E2ETest): BrowserName[] {
  return test.browsers ?? (test.browser ? [test.browser] : ['chromium', 'firefox']);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  mkdirSync(artifacts, { recursive: true });
  writeDevBuilds(resolve(root, '..'));
  const suites: Array<{ file: string; tests: E2ETest[] }> = [];
  for (const file of findTestFiles(root)) {
    const module = await import(pathToFileURL(file).href);
    suites.push({ file: relative(root, file), tests: module.tests ?? [] });
  }
  const results: Array<{ name: string; browser: BrowserName; ok: boolean; ms: number; error?: string }> = [];
  // One server per lane: the lanes run side by side, and tests publish different pages and responses at the same paths
  // (a Matrix server's /keys/query), which a shared server would serve to the other lane's test.
  const servers: TestServer[] = [];
  const queues = new Map<BrowserName, Array<{ file: string; test: E2ETest }>>(
    browsers.map((browser) => [
      browser,
      suites.flatMap(({ file, tests }) =>
        tests.filter((test) => browsersOf(test).includes(browser) && test.name.includes(grep)).map((test) => ({ file, test })),
      ),
    ]),
  );
  const runOne = async (browser: BrowserName, file: string, test: E2ETest, server: TestServer) => {
    const pool = new BrowserPool(browser);
    const started = Date.now();
    const label = `[${browser}] ${file} › ${test.name}`;
    try {
      await withTimeout(test.run({ browser, pool, server, artifacts }), Math.max(perTestTimeoutMs, test.timeoutMs ?? 0), label);
      results.push({ name: test.name, browser, ok: true, ms: Date.now() - started });
      console.log(`ok   ${label} (${Date.now() - started} ms)`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name: test.name, browser, ok: false, ms: Date.now() - started, error: message });
      console.log(`FAIL ${label} (${Date.now() - started} ms)\n     ${message.replace(/\n/g, '\n     ')}`);
    } finally {
      await pool.closeAll();
    }
  };
  /** A lane: its own browser's tests from the front of their list; then, if `helps`, the others' from the end of theirs. */
  const runLane = async (own: BrowserName, helps: boolean) => {
    const server = await startTestServer();
    servers.push(server);
    for (;;) {
      const mine = queues.get(own)!.shift();
      if (mine) {
        await runOne(own, mine.file, mine.test, server);
        continue;
      }
      const other = helps ? browsers.find((browser) => browser !== own && queues.get(browser)!.length > 0) : undefined;
      const theirs = other ? queues.get(other)!.pop() : undefined;
      if (!other || !theirs) return;
      await runOne(other, theirs.file, theirs.test, server);
    }
  };
  try {
    if (process.env.E2E_SERIAL) for (const browser of browsers) await runLane(browser, false);
    else await Promise.all(browsers.map((browser) => runLane(browser, true)));
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  writeFileSync(join(artifacts, 'results.json'), JSON.stringify({ passed, failed, results }, null, 2));
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 && results.length > 0 ? 0 : 1;
}

process.exitCode = await main();
