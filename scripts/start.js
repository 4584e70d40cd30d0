// `npm start`: builds KeyWatch (the dev build in dist-dev/, which reads local
// pages), starts Courier (the reference messenger) on http://127.0.0.1:8480, and
// opens Chromium with the extension loaded on it. Headed where a display exists;
// otherwise it keeps Courier running and says how to load the build by hand.
// Stopping it (Ctrl+C, SIGTERM) or closing the browser stops everything it started.
//   COURIER_PORT=N     another port
//   --no-build         use the dev build already in dist-dev/
//   --headless         open a headless Chromium even without a display
//   --profile DIR      the browser profile (default .e2e-profiles/start, kept between runs)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const port = Number(process.env.COURIER_PORT ?? 8480);
const courierUrl = `http://127.0.0.1:${port}/`;
const extension = join(root, 'dist-dev/chrome');
const profileFlag = args.indexOf('--profile');
const profile = profileFlag >= 0 ? resolve(args[profileFlag + 1] ?? '') : join(root, '.e2e-profiles', 'start');
/** How long a child gets to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5000;

if (!args.includes('--no-build')) {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--mode', 'dev'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
} else if (!existsSync(join(extension, 'manifest.json'))) {
  console.error(`No dev build in ${extension}: run npm run build:dev, or npm start without --no-build.`);
  process.exit(1);
}

/** Every process this script started, so that none outlives it. */
const children = new Set();
function started(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
const running = (child) => child.exitCode === null && child.signalCode === null;

function ended(child) {
  if (!running(child)) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

let stopping = false;
/** Stops every child, waits until each has exited, then exits. */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  const all = [...children];
  for (const child of all) if (running(child)) child.kill('SIGTERM');
  await Promise.all(all.map(ended));
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
// Last resort (an uncaught error): no child is left behind.
process.on('exit', () => {
  for (const child of children) if (running(child)) child.kill('SIGKILL');
});

// Courier in this very process's child, not behind npx or the tsx wrapper, so a
// signal sent to it reaches the server itself.
const courier = started(
  spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts', '--port', String(port)], { cwd: root, stdio: 'inherit' }),
);
courier.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`Courier stopped (${signal ?? `exit code ${code}`}); stopping.`);
  void stop(code ?? 1);
});

try {
  await waitFor(courierUrl);
} catch (error) {
  console.error(String(error));
  await stop(1);
}

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
const headless = args.includes('--headless');
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (!chromium || !(headed || headless)) {
  console.log(`
Courier is running at ${courierUrl}
${chromium ? 'No display was found, so no browser window can open here.' : 'Chromium was not found (set CHROMIUM_PATH).'}
Load KeyWatch's dev build by hand (the store build in dist/ does not read local pages such as Courier's):
  Chrome or Chromium: open chrome://extensions, switch on Developer mode, choose "Load unpacked" and pick ${extension}
  Firefox: open about:debugging#/runtime/this-firefox, choose "Load Temporary Add-on…" and pick ${join(root, 'dist-dev/firefox/manifest.json')}
Then open ${courierUrl} (twice, in two profiles, to talk to yourself). Press Ctrl+C to stop.`);
} else {
  mkdirSync(profile, { recursive: true });
  const browser = started(
    spawn(
      chromium,
      [
        `--user-data-dir=${profile}`,
        `--disable-extensions-except=${extension}`,
        `--load-extension=${extension}`,
        '--no-first-run',
        '--disable-background-networking',
        '--disable-sync',
        '--disable-component-update',
        ...(headless ? ['--headless', '--disable-gpu'] : []),
        // Chromium refuses to run as root with its sandbox on.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        courierUrl,
      ],
      { stdio: 'ignore' },
    ),
  );
  console.log(`Chromium is open with KeyWatch on ${courierUrl}. Close it or press Ctrl+C to stop.`);
  browser.on('exit', () => void stop(0));
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    if (!running(courier)) throw new Error('Courier exited before it was up');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Courier did not start at ${url}`);
}
