// `npm run package`: the store build (never the dev build in dist-dev/), then
// store-ready zips of dist/chrome and dist/firefox in artifacts/ (manifest at
// the archive root, no source maps), each with its SHA-256 so anyone can check
// a zip against one they built from the same source (README, "Check a build").
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { localAddressesIn } from './build/local-addresses.js';
import { zipFolder } from './zip.js';

const root = resolve(import.meta.dirname, '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

execFileSync('npx', ['vite', 'build', '--mode', 'production'], { cwd: root, stdio: 'inherit' });
mkdirSync(join(root, 'artifacts'), { recursive: true });
const sums = [];
for (const browser of ['chrome', 'firefox']) {
  const dir = join(root, 'dist', browser);
  const local = localAddressesIn(dir);
  if (local.length > 0)
    throw new Error(`${relative(root, dir)} names a local address (${local.join(', ')}): a dev build is never packaged`);
  const { files, bytes } = zipFolder(dir);
  const name = `keywatch-${browser}-${version}.zip`;
  writeFileSync(join(root, 'artifacts', name), bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  sums.push(`${sha256}  ${name}\n`);
  console.log(`artifacts/${name}: ${files} files, ${bytes.length} bytes, SHA-256 ${sha256}`);
}
// `cd artifacts && sha256sum -c keywatch-<version>.sha256` checks the zips against these lines.
writeFileSync(join(root, 'artifacts', `keywatch-${version}.sha256`), sums.join(''));
