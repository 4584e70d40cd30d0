// `npm start`: builds KeyWatch (the dev build in dist-dev/, which reads local pages), starts Courier (the reference messenger) on
// http://127.0.0.1:8480, and opens Chromium with the extension loaded on it.
// Headed where a display exists; otherwise it says how to load the build by hand.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const port = Number(process.env.COURIER_PORT ?? 8480);
const courierUrl = `http://127.0.0.1:${port}/`;

const build = spawnSync('npx', ['vite', 'build', '--mode', 'dev'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const courier = spawn('npx', ['tsx', 'demo/server/main.ts', '--port', String(port)], { cwd: root, stdio: 'inherit' });
const stop = () => {
  courier.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await waitFor(courierUrl);

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (!headed || !chromium) {
  console.log(`
Courier is running at ${courierUrl}
${chromium ? 'No display was found, so no browser window can open here.' : 'Chromium was not found (set CHROMIUM_PATH).'}
Load KeyWatch's dev build by hand (the store build in dist/ does not read local pages such as Courier's):
  Chrome or Chromium: open chrome://extensions, switch on Developer mode, choose "Load unpacked" and pick ${join(root, 'dist-dev/chrome')}
  Firefox: open about:debugging#/runtime/this-firefox, choose "Load Temporary Add-on…" and pick ${join(root, 'dist-dev/firefox/manifest.json')}
Then open ${courierUrl} (twice, in two profiles, to talk to yourself). Press Ctrl+C to stop.`);
} else {
  const profile = join(root, '.e2e-profiles', 'start');
  mkdirSync(profile, { recursive: true });
  const extension = join(root, 'dist-dev/chrome');
  const browser = spawn(
    chromium,
    [
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
      '--disable-component-update',
      // Chromium refuses to run as root with its sandbox on.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      courierUrl,
    ],
    { stdio: 'ignore' },
  );
  console.log(`Chromium is open with KeyWatch on ${courierUrl}. Close it or press Ctrl+C to stop.`);
  browser.on('exit', stop);
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Courier did not start at ${url}`);
}
