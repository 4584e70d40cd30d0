// Builds the Matrix test client (demo/matrix/client) into demo/dist/matrix-client:
// `npx vite build --config demo/matrix/client/vite.config.ts`, or let
// `npm run matrix-client` build it when it is missing or older than its sources.

import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(here, '../../dist/matrix-client'),
    emptyOutDir: true,
    target: 'es2022',
    // The Rust crypto's wasm is 8 MB; a warning about it says nothing new.
    chunkSizeWarningLimit: 10_000,
    assetsInlineLimit: 0,
  },
});
