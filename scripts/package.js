// `npm run package`: builds, then writes store-ready zips of dist/chrome and
// dist/firefox to artifacts/ (manifest at the archive root, no source maps).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { zip } from './zip.js';

const root = resolve(import.meta.dirname, '..');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
mkdirSync(join(root, 'artifacts'), { recursive: true });
for (const browser of ['chrome', 'firefox']) {
  const dir = join(root, 'dist', browser);
  const files = filesUnder(dir)
    .filter((path) => !path.endsWith('.map'))
    .map((path) => ({ name: relative(dir, path).split('\\').join('/'), data: readFileSync(path) }));
  const out = join(root, 'artifacts', `keywatch-${browser}-${version}.zip`);
  writeFileSync(out, zip(files));
  console.log(`${relative(root, out)}: ${files.length} files, ${statSync(out).size} bytes`);
}
