// The dev build (dist-dev/<browser>): the store build's files, byte for byte,
// with the dev manifest (dev-manifest.ts). `npm run build:dev` writes it after
// the store build; the e2e suite, `npm start`, the screenshots and the browser
// benchmarks load it. `npm run package` never zips it.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDevHooks } from './dev-manifest';
import type { TargetBrowser } from './manifest';

export const BROWSERS: readonly TargetBrowser[] = ['chrome', 'firefox'];
export const storeDir = (root: string, browser: TargetBrowser) => join(root, 'dist', browser);
export const devDir = (root: string, browser: TargetBrowser) => join(root, 'dist-dev', browser);

/** Writes dist-dev/ from dist/; fails plainly when there is no store build to start from. */
export function writeDevBuilds(root: string): void {
  for (const browser of BROWSERS) {
    const from = storeDir(root, browser);
    if (!existsSync(join(from, 'manifest.json'))) throw new Error(`no build in ${from}: run npm run build first`);
    const to = devDir(root, browser);
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
    const manifest = withDevHooks(JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')));
    writeFileSync(join(to, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  }
}
