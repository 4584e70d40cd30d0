// `npm run compare-build -- <folder>`: compares an unpacked copy of KeyWatch (an
// installed extension's folder, or a store download unzipped) with the store
// build of this source in dist/ (`npm run package` builds it). Every file must
// be the same, except what a store or browser adds or rewrites on its own:
//   _metadata/  (Chrome Web Store signatures, Chrome's computed hashes)
//   META-INF/   (Firefox add-on signatures)
//   JSON files  compared as data, not bytes (Chrome rewrites the manifest and
//               message catalogs it installs); in manifest.json the keys a store
//               or browser adds (key, update_url) are left out.
// Prints each difference; exits 1 when there is any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ADDED_BY_STORE = /^(_metadata|META-INF)\//;
const MANIFEST_KEYS_ADDED = ['key', 'update_url'];

function filesUnder(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
  return walk(dir).map((path) => relative(dir, path).split('\\').join('/'));
}

/** JSON with every object's keys sorted, so that two writers' layouts compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}

function sameJson(file: string, a: Buffer, b: Buffer): boolean {
  try {
    const [left, right] = [a, b].map((bytes) => JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')));
    if (file === 'manifest.json') for (const key of MANIFEST_KEYS_ADDED) for (const m of [left, right]) delete m[key];
    return JSON.stringify(canonical(left)) === JSON.stringify(canonical(right));
  } catch {
    return false;
  }
}

/** Every way `other` differs from `built`, one line each; empty when they are the same. */
export function compareBuilds(built: string, other: string): string[] {
  const ours = new Set(filesUnder(built));
  const theirs = new Set(filesUnder(other).filter((f) => !ADDED_BY_STORE.test(f)));
  const differences: string[] = [];
  for (const file of [...ours].sort()) {
    if (!theirs.has(file)) {
      differences.push(`missing: ${file}`);
      continue;
    }
    const a = readFileSync(join(built, file));
    const b = readFileSync(join(other, file));
    const same = file.endsWith('.json') ? sameJson(file, a, b) : a.equals(b);
    if (!same) differences.push(`differs: ${file}`);
  }
  for (const file of [...theirs].sort()) if (!ours.has(file)) differences.push(`extra: ${file}`);
  return differences;
}

/** Which store build to compare with: Firefox's manifest has background scripts, Chrome's a service worker. */
export function browserOf(folder: string): 'chrome' | 'firefox' {
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8').replace(/^\uFEFF/, ''));
  return manifest.background?.service_worker ? 'chrome' : 'firefox';
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const folder = process.argv[2];
  if (!folder || !existsSync(join(folder, 'manifest.json'))) {
    console.error('Usage: npm run compare-build -- <folder holding an unpacked KeyWatch, with its manifest.json>');
    process.exit(2);
  }
  const browser = browserOf(folder);
  const built = resolve(import.meta.dirname, '..', 'dist', browser);
  if (!existsSync(join(built, 'manifest.json'))) {
    console.error(`No store build in ${built}: run npm run package first.`);
    process.exit(2);
  }
  const differences = compareBuilds(built, folder);
  for (const line of differences) console.log(line);
  console.log(
    differences.length === 0
      ? `same: ${folder} holds exactly the ${browser} store build of this source`
      : `${differences.length} difference(s) from dist/${browser}`,
  );
  process.exitCode = differences.length === 0 ? 0 : 1;
}
