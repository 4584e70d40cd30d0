// `npm start` stops everything it started: after SIGTERM or SIGINT (Ctrl+C),
// and after the browser it opened exits, Courier is gone and its port is free.
// Runs scripts/start.js itself on a free port, with the dev build the e2e run made.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '../harness';
import { browserExecutable, repoRoot } from '../harness/paths';
import type { E2ETest } from '../test-api';

function listenOn(port: number): Promise<number | null> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(null));
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => done(bound));
    });
  });
}

const freePort = async () => (await listenOn(0))!;
const portIsFree = async (port: number) => (await listenOn(port)) === port;

/** The processes `pid` started, and theirs, that are still running (Linux). */
function descendantsOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    /* gone */
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Running, not merely waiting to be reaped (an exited process whose parent is gone can stay a zombie here). */
function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every process seen under npm start while it ran. */
  seen: Set<number>;
}

function npmStart(port: number, args: string[]): Started {
  let output = '';
  const child = spawn(process.execPath, ['scripts/start.js', '--no-build', ...args], {
    cwd: repoRoot,
    env: { ...process.env, COURIER_PORT: String(port), DISPLAY: '', WAYLAND_DISPLAY: '', CHROMIUM_PATH: browserExecutable('chromium') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, output: () => output, exit, seen: new Set() };
}

/** The processes under npm start now, remembered for the checks and the clean-up. */
function processesUnder(started: Started): number[] {
  const pids = descendantsOf(started.child.pid!);
  for (const pid of pids) started.seen.add(pid);
  return pids;
}

/** After the test, pass or fail: nothing it started outlives it, and no pipe keeps the run open. */
function cleanUp(started: Started): void {
  for (const pid of [...started.seen, started.child.pid!]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  started.child.stdout!.destroy();
  started.child.stderr!.destroy();
}

async function stoppedCleanly(started: Started, port: number): Promise<void> {
  const result = await Promise.race([started.exit, new Promise<null>((done) => setTimeout(() => done(null), 15_000))]);
  assert.ok(result, `npm start did not exit within 15 s:\n${started.output()}`);
  assert.equal(result.code, 0, `npm start exited with ${JSON.stringify(result)}:\n${started.output()}`);
  // A browser's helper processes leave a moment after the browser itself.
  const gone = await pollUntil(
    'every process npm start started to exit',
    async () => [...started.seen].every((pid) => !alive(pid)),
    5000,
  ).catch(() => false);
  const left = [...started.seen].filter(alive).map((pid) => `${pid}: ${commandLine(pid)}`);
  assert.ok(gone, `processes started by npm start are still running:\n${left.join('\n')}`);
  assert.ok(await portIsFree(port), `port ${port} is still taken after npm start stopped`);
}

async function courierUp(started: Started, port: number): Promise<void> {
  await pollUntil('Courier to answer', async () => (await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.ok, 30_000);
  const courier = processesUnder(started).filter((pid) => commandLine(pid).includes('demo/server/main.ts'));
  assert.ok(courier.length > 0, 'Courier does not run under npm start');
}

export const tests: E2ETest[] = [
  {
    name: 'npm start without a display: SIGTERM and SIGINT each stop Courier and free its port',
    browser: 'chromium',
    async run() {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const port = await freePort();
        const started = npmStart(port, []);
        try {
          await courierUp(started, port);
          await pollUntil('the load-by-hand note', async () => started.output().includes('Load KeyWatch'), 10_000);
          assert.ok(!(await portIsFree(port)));
          started.child.kill(signal);
          await stoppedCleanly(started, port);
          assert.ok(started.output().includes(join(repoRoot, 'dist-dev/chrome')), 'the note names the dev build');
        } finally {
          cleanUp(started);
        }
      }
    },
  },
  {
    name: 'npm start: the browser it opened exiting stops Courier and frees its port',
    browser: 'chromium',
    async run() {
      const port = await freePort();
      const profile = mkdtempSync(join(tmpdir(), 'keywatch-start-'));
      const started = npmStart(port, ['--headless', '--profile', profile]);
      try {
        await courierUp(started, port);
        await pollUntil('the browser', async () => started.output().includes('Chromium is open'), 10_000);
        // The browser really runs (its own helper processes are up) before it is made to exit, as a user closing it would.
        const browser = await pollUntil(
          'the browser and its helper processes',
          async () =>
            processesUnder(started).find((pid) => commandLine(pid).includes('--load-extension=') && descendantsOf(pid).length > 0),
          15_000,
        );
        processesUnder(started);
        process.kill(browser, 'SIGTERM');
        await stoppedCleanly(started, port);
      } finally {
        cleanUp(started);
        rmSync(profile, { recursive: true, force: true });
      }
    },
  },
];
