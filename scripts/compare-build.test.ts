import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserOf, compareBuilds } from './compare-build';

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'keywatch-compare-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const manifest = { manifest_version: 3, name: 'KeyWatch', version: '0.1.0', background: { service_worker: 'background.js' } };
const built = () =>
  folder({
    'manifest.json': JSON.stringify(manifest, null, 2),
    'background.js': 'console.log(1);',
    'assets/popup.js': 'export {};',
    '_locales/en/messages.json': '{"a":{"message":"A"},"b":{"message":"B"}}',
  });

/** What a store and a browser do to a package: signatures, a rewritten manifest and catalog. */
function asInstalled(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'keywatch-installed-'));
  dirs.push(copy);
  cpSync(dir, copy, { recursive: true });
  const rewritten = { update_url: 'https://clients2.google.com/service/update2/crx', ...manifest, key: 'MIIB…' };
  writeFileSync(join(copy, 'manifest.json'), JSON.stringify(rewritten));
  writeFileSync(join(copy, '_locales/en/messages.json'), '{\n "b": {"message": "B"},\n "a": {"message": "A"}\n}');
  mkdirSync(join(copy, '_metadata'));
  writeFileSync(join(copy, '_metadata/verified_contents.json'), '[]');
  mkdirSync(join(copy, 'META-INF'));
  writeFileSync(join(copy, 'META-INF/cose.sig'), 'signature');
  return copy;
}

describe('compareBuilds', () => {
  it('finds a store-installed copy the same as the build', () => {
    const ours = built();
    expect(compareBuilds(ours, asInstalled(ours))).toEqual([]);
    expect(browserOf(ours)).toBe('chrome');
  });

  it('reports a changed script, a changed setting, a missing file and an extra one', () => {
    const ours = built();
    const theirs = asInstalled(ours);
    writeFileSync(join(theirs, 'assets/popup.js'), 'export {}; fetch("https://example.org");');
    const changed = JSON.parse(readFileSync(join(theirs, 'manifest.json'), 'utf8'));
    changed.host_permissions = ['<all_urls>'];
    writeFileSync(join(theirs, 'manifest.json'), JSON.stringify(changed));
    rmSync(join(theirs, 'background.js'));
    writeFileSync(join(theirs, 'extra.js'), '');
    expect(compareBuilds(ours, theirs)).toEqual([
      'differs: assets/popup.js',
      'missing: background.js',
      'differs: manifest.json',
      'extra: extra.js',
    ]);
  });

  it('leaves out the signature folders only, not files named like them', () => {
    const ours = built();
    const theirs = asInstalled(ours);
    writeFileSync(join(theirs, '_metadata.js'), '');
    writeFileSync(join(theirs, 'assets/META-INF'), '');
    expect(compareBuilds(ours, theirs)).toEqual(['extra: _metadata.js', 'extra: assets/META-INF']);
  });
});
