// Builds the web client from demo/client in memory, once per process, the first
// time it is asked for. Nothing is written to disk, so a fresh checkout runs
// after `npm install` alone. esbuild comes with tsx, which runs the server.

import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const CLIENT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'client');

export interface ClientAssets {
  /** File name (app.js, console.js, app.css) → contents. */
  files: Map<string, string>;
}

async function buildAssets(): Promise<ClientAssets> {
  const result = await build({
    entryPoints: { app: join(CLIENT_DIR, 'main.tsx'), console: join(CLIENT_DIR, 'console', 'main.tsx') },
    bundle: true,
    write: false,
    outdir: '/courier-assets',
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files = new Map(result.outputFiles.map((f) => [basename(f.path), f.text]));
  files.set('app.css', await readFile(join(CLIENT_DIR, 'styles.css'), 'utf8'));
  return { files };
}

let assets: Promise<ClientAssets> | null = null;

export function clientAssets(): Promise<ClientAssets> {
  assets ??= buildAssets().catch((error: unknown) => {
    assets = null; // let the next request try again (after the source is fixed)
    throw error;
  });
  return assets;
}
