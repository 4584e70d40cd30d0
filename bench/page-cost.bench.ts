// What KeyWatch costs the page: main-thread time of a page updating its
// 1,000-member disclosure, in Chromium with the extension and without it, the
// same page and the same updates. The page's own update builds the text
// (JSON.stringify) and sets the element; with the extension, the content script
// then reads the text and hands it to the background on the page's thread.
// Two measures: the renderer's main-thread task time around each update
// (DevTools' Performance.getMetrics TaskDuration, which counts every task on
// the page's thread, the content script's included), and, inside the page, the
// update plus the microtasks it queues (the content script's observer runs there).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import {
  curve25519Pair,
  disclosureOf,
  ed25519Pair,
  type DisclosureObject,
  type ParticipantSpec,
} from '../src/adapters/page-protocol/testing/test-fixture';
import { pollUntil, sleep, startTestServer } from '../e2e/harness';
import { browserExecutable, extensionDirs, repoRoot } from '../e2e/harness/paths';
import { disclosurePage } from '../e2e/support/disclosure-page';
import { writeDevBuilds } from '../scripts/build/dev-build';
import { ms, type Benchmark } from './harness';

const MEMBERS = 1000;
const UPDATES = 15;
/** Time left after each update for whatever it set off on the page's thread. */
const SETTLE_MS = 400;

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The roster, then one variant per update (member 1 gains one more device each time), as objects the page stringifies itself. */
function rosters(): DisclosureObject[] {
  const people: ParticipantSpec[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    people.push({
      id: `member-${i}`,
      name: `Member ${i}`,
      identity: ed25519Pair(`page-cost-${i}`),
      devices: [{ id: 'd1', key: curve25519Pair(`page-cost-${i}-d1`, 32) }],
    });
  }
  const all: DisclosureObject[] = [disclosureOf('member-0', people)];
  for (let u = 1; u <= UPDATES; u++) {
    people[1]!.devices.push({ id: `extra-${u}`, key: curve25519Pair(`page-cost-extra-${u}`, 32), signer: null });
    all.push(disclosureOf('member-0', people));
  }
  return all;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** What disclosurePage and this bench add to the page's window. */
interface BenchWindow {
  variants: unknown[];
  setDisclosure(text: string): void;
}

type Session = Awaited<ReturnType<BrowserContext['newCDPSession']>>;

async function taskSeconds(cdp: Session): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')!.value;
}

async function measure(withExtension: boolean, url: string, variants: string[]): Promise<{ task: number[]; inPage: number[] }> {
  const profile = mkdtempSync(join(tmpdir(), 'keywatch-page-cost-'));
  const extension = withExtension
    ? [`--disable-extensions-except=${extensionDirs.chromium}`, `--load-extension=${extensionDirs.chromium}`]
    : [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browserExecutable('chromium'),
    headless: true,
    args: [...ARGS, ...extension],
  });
  try {
    if (withExtension) await pollUntil('the service worker', async () => context.serviceWorkers().length > 0, 20_000);
    const page = await context.newPage();
    await page.goto(url);
    await page.evaluate((texts) => ((window as unknown as BenchWindow).variants = texts.map((t: string) => JSON.parse(t))), variants);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(2000); // the first report and its answer, and the page at rest
    const task: number[] = [];
    const inPage: number[] = [];
    for (let u = 1; u <= UPDATES; u++) {
      const before = await taskSeconds(cdp);
      inPage.push(
        await page.evaluate(async (index) => {
          const started = performance.now();
          const page = window as unknown as BenchWindow;
          page.setDisclosure(JSON.stringify(page.variants[index]));
          // The content script's observer is a microtask queued by the change.
          await Promise.resolve();
          await Promise.resolve();
          return performance.now() - started;
        }, u),
      );
      await sleep(SETTLE_MS);
      task.push((await taskSeconds(cdp)) - before);
    }
    return { task: task.map((s) => s * 1000), inPage };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const benchmark: Benchmark = {
  name: `Page main-thread cost of a ${MEMBERS}-member disclosure update, Chromium, with KeyWatch and without`,
  async run(bench) {
    if (!existsSync(join(repoRoot, 'dist/chrome/manifest.json')))
      execFileSync('npx', ['vite', 'build'], { cwd: repoRoot, stdio: 'ignore' });
    writeDevBuilds(repoRoot);
    const all = rosters();
    const server = await startTestServer();
    try {
      const url = server.publish('/page-cost.html', disclosurePage('Page cost', all[0]!));
      const variants = all.map((r) => JSON.stringify(r));
      bench.print(`  ${UPDATES} updates, ${(variants[1]!.length / 1024).toFixed(0)} KB of text each; median (min–max)`);
      // Alternate so that a busy moment of the machine falls on both.
      const without1 = await measure(false, url, variants);
      const with1 = await measure(true, url, variants);
      const without2 = await measure(false, url, variants);
      const with2 = await measure(true, url, variants);
      const without = { task: [...without1.task, ...without2.task], inPage: [...without1.inPage, ...without2.inPage] };
      const withKw = { task: [...with1.task, ...with2.task], inPage: [...with1.inPage, ...with2.inPage] };
      const spread = (v: number[]) => `${ms(median(v))} (${ms(Math.min(...v))}–${ms(Math.max(...v))})`;
      bench.print(`  main-thread task time per update, without KeyWatch: ${spread(without.task)}`);
      bench.print(`  main-thread task time per update, with KeyWatch:    ${spread(withKw.task)}`);
      bench.print(`  in the page, update + its microtasks, without:      ${spread(without.inPage)}`);
      bench.print(`  in the page, update + its microtasks, with:         ${spread(withKw.inPage)}`);
      bench.goal('page main-thread time per update, with / without (medians)', median(withKw.task) / median(without.task), 3, '×');
    } finally {
      await server.close();
    }
  },
};

export default benchmark;
