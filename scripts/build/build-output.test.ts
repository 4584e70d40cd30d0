// The built extension, built for real: two copies of this source in two
// different folders, one built as the stores get it (`vite build`), the other
// with the dev build beside it (`vite build --mode dev`). A build takes about a
// second here, so this runs with the unit tests, where every change meets it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READER_SCRIPTS } from '../../src/adapters/reader-scripts';
import { zipFolder } from '../zip.js';
import { BROWSERS, devDir, storeDir } from './dev-build';
import { DEV_ORIGINS } from './dev-manifest';
import { localAddressesIn } from './local-addresses.js';

const root = resolve(import.meta.dirname, '../..');
/** What a clean checkout does not have: installed packages, earlier builds, test leftovers. */
const NOT_SOURCE = new Set(['node_modules', 'dist', 'dist-dev', 'artifacts', 'build']);

function buildCopy(folderPrefix: string, mode: 'production' | 'dev', nodeEnv: string | undefined): string {
  const copy = mkdtempSync(join(tmpdir(), folderPrefix));
  cpSync(root, copy, {
    recursive: true,
    filter: (path) => {
      const top = relative(root, path).split(/[\\/]/)[0]!;
      return top === '' || !(NOT_SOURCE.has(top) || top.startsWith('.'));
    },
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const env = { ...process.env, NODE_ENV: nodeEnv };
  if (nodeEnv === undefined) delete env.NODE_ENV;
  const built = spawnSync(process.execPath, [vite, 'build', '--mode', mode, '--logLevel', 'warn'], { cwd: copy, env, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vite build --mode ${mode} failed in ${copy}:\n${built.stdout}\n${built.stderr}`);
  return copy;
}

function filesUnder(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
  return walk(dir)
    .map((path) => relative(dir, path))
    .sort();
}

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the built extension', () => {
  let storeCopy = '';
  let devCopy = '';
  beforeAll(() => {
    // A shell's NODE_ENV must not change the bundles (a dev JSX transform would write this folder's path into them).
    storeCopy = buildCopy('keywatch-build-a-', 'production', undefined);
    devCopy = buildCopy('keywatch-other-folder-b-', 'dev', 'development');
  }, 120_000);
  afterAll(() => {
    for (const copy of [storeCopy, devCopy]) if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('gives byte-identical store zips from two folders, with or without the dev build beside it, whatever NODE_ENV says', () => {
    for (const browser of BROWSERS) {
      const a = zipFolder(storeDir(storeCopy, browser));
      const b = zipFolder(storeDir(devCopy, browser));
      expect(a.files).toBeGreaterThan(10);
      expect(Buffer.compare(a.bytes, b.bytes), `${browser} zips differ`).toBe(0);
    }
  });

  it('names no local address anywhere in the store build: manifest, scripts, pages', () => {
    for (const copy of [storeCopy, devCopy]) {
      for (const browser of BROWSERS) {
        expect(localAddressesIn(storeDir(copy, browser))).toEqual([]);
        const manifest = json(join(storeDir(copy, browser), 'manifest.json'));
        expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
        const declaredScripts = manifest.content_scripts.flatMap((s: { js: string[] }) => s.js);
        expect(declaredScripts).not.toContain('content.js');
      }
    }
  });

  it('gives the dev build the local addresses, and otherwise the store files byte for byte', () => {
    for (const browser of BROWSERS) {
      const store = storeDir(devCopy, browser);
      const dev = devDir(devCopy, browser);
      expect(filesUnder(dev)).toEqual(filesUnder(store));
      for (const file of filesUnder(store).filter((f) => f !== 'manifest.json')) {
        expect(readFileSync(join(dev, file)).equals(readFileSync(join(store, file))), file).toBe(true);
      }
      expect(localAddressesIn(dev)).toEqual(['manifest.json: localhost']);
      const manifest = json(join(dev, 'manifest.json'));
      expect(manifest.optional_host_permissions).toEqual(['https://*/*', ...DEV_ORIGINS]);
      for (const reader of READER_SCRIPTS) {
        const entry = manifest.content_scripts.find((s: { js: string[] }) => s.js.includes(reader.file));
        expect(entry?.matches, reader.file).toEqual(expect.arrayContaining([...DEV_ORIGINS]));
        expect(entry.run_at).toBe(reader.runAt);
      }
    }
    expect(() => statSync(join(storeCopy, 'dist-dev'))).toThrow();
  });

  it('ships no code of the ws package (the demo server alone uses it)', () => {
    for (const browser of BROWSERS) {
      for (const file of filesUnder(storeDir(storeCopy, browser))) {
        const text = readFileSync(join(storeDir(storeCopy, browser), file), 'latin1');
        expect(text, file).not.toMatch(/ws does not work in the browser|Sec-WebSocket-Accept|WebSocketServer/);
      }
    }
    const pkg = json(join(root, 'package.json'));
    expect(Object.keys(pkg.dependencies)).not.toContain('ws');
  });
});
