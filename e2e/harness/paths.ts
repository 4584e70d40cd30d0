import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** The dev build: the store build's files with local addresses in the manifest (scripts/build/dev-build.ts). */
export const extensionDirs = {
  chromium: resolve(root, 'dist-dev/chrome'),
  firefox: resolve(root, 'dist-dev/firefox'),
};

/** The store build, as `npm run package` zips it: it reads no local page. */
export const storeExtensionDirs = {
  chromium: resolve(root, 'dist/chrome'),
  firefox: resolve(root, 'dist/firefox'),
};

/** The browser from an environment variable first, then Debian's location. */
export function browserExecutable(name: 'chromium' | 'firefox'): string {
  const candidates =
    name === 'chromium'
      ? [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
      : [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) {
    const variable = name === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH';
    throw new Error(`${name} not found: install it (bash .ci/run does) or set ${variable}`);
  }
  return found;
}

export const repoRoot = root;

/**
 * The extension page `inExtension` evaluates in, kept open for the whole launch: a static page. The records page
 * (options.html) would read the trust store again after every change, in the process the popup and the pages a test
 * watches share.
 */
export const HIDDEN_EXTENSION_PAGE = 'about.html';
