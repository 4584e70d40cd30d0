// Builds the test client with Vite when demo/dist/matrix-client is missing or
// older than any of its sources (about 2 s), once per process.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '../../..');
export const CLIENT_SOURCE = resolve(root, 'demo/matrix/client');
export const CLIENT_DIST = resolve(root, 'demo/dist/matrix-client');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  const built = join(CLIENT_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const dependencies = ['package-lock.json'].map((f) => statSync(resolve(root, f)).mtimeMs);
  return Math.max(newestSource(CLIENT_SOURCE), ...dependencies) > statSync(built).mtimeMs;
}

let building: Promise<void> | null = null;

export function ensureClientBuilt(): Promise<void> {
  building ??= (async () => {
    if (isStale()) await build({ configFile: join(CLIENT_SOURCE, 'vite.config.ts'), logLevel: 'warn' });
  })();
  return building;
}
