// One source, two browsers. Vite builds the extension pages (Preact, ordinary
// HTML entries) into a staging folder; then the background and content scripts
// are built as classic IIFE bundles (content scripts cannot be modules, and one
// classic background script runs as Chrome's service worker and as Firefox's
// background script); finally the staging folder is copied to dist/chrome and
// dist/firefox, each with its manifest made from the one template. That is the
// store build. `vite build --mode dev` (npm run build:dev) also writes the dev
// build to dist-dev/: the same files with local addresses in the manifest.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';
import { writeDevBuilds } from './scripts/build/dev-build';
import { manifestFor, type TargetBrowser } from './scripts/build/manifest';

const here = import.meta.dirname;
const stage = resolve(here, 'dist/.stage');
const browsers: TargetBrowser[] = ['chrome', 'firefox'];
const classicScripts = {
  background: 'src/background/main.ts',
  content: 'src/content/main.ts',
  // Matrix web clients: the page-world observer and the isolated reader (docs/matrix.md).
  'matrix-page': 'src/adapters/matrix/page-world/response-observer.ts',
  'matrix-content': 'src/content/matrix-main.ts',
};

// Production JSX whatever NODE_ENV the shell (or a test runner) has set: a dev
// transform would put this folder's absolute paths into the bundles, and then two
// builds of the same source would differ.
const jsx = { jsx: { runtime: 'automatic', importSource: 'preact', development: false } } as const;
const production = { 'process.env.NODE_ENV': JSON.stringify('production') };

/**
 * webextension-polyfill as an ES module. Imported as the CommonJS module it ships as, its exports were copied onto
 * a namespace object property by property; where the browser has its own `browser` (Firefox, recent Chrome), the
 * polyfill's exports are that object, and copying it made the browser build every extension API at once (all of
 * chrome.windows, chrome.action, …) each time the background woke or a script loaded: about 2 ms, measured on an
 * extension page.
 */
function polyfillAsModule(): Plugin {
  return {
    name: 'keywatch-polyfill-as-module',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('/webextension-polyfill/dist/browser-polyfill.js')) return null;
      // The polyfill's UMD wrapper takes the CommonJS branch when `exports` is defined: it fills `module.exports`.
      return {
        code: `const module = { exports: {} };\nconst exports = module.exports;\n${code}\nexport default module.exports;\n`,
        map: null,
      };
    },
  };
}

async function buildClassicScript(name: string, entry: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    oxc: jsx,
    define: production,
    plugins: [polyfillAsModule()],
    build: {
      outDir: stage,
      emptyOutDir: false,
      minify: true,
      target: 'es2022',
      copyPublicDir: false,
      lib: { entry: resolve(here, entry), formats: ['iife'], name: `keywatch_${name.replace(/-/g, '_')}`, fileName: () => `${name}.js` },
    },
  });
}

function writeBrowserBuilds(): void {
  const template = JSON.parse(readFileSync(resolve(here, 'manifest.json'), 'utf8'));
  const version = JSON.parse(readFileSync(resolve(here, 'package.json'), 'utf8')).version;
  for (const browser of browsers) {
    const out = resolve(here, 'dist', browser);
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    cpSync(stage, out, { recursive: true });
    const manifest = { ...(manifestFor(template, browser) as object), version };
    writeFileSync(resolve(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  }
  rmSync(stage, { recursive: true, force: true });
}

function classicScriptsAndManifests(withDevBuild: boolean): Plugin {
  return {
    name: 'keywatch-classic-scripts-and-manifests',
    apply: 'build',
    async closeBundle() {
      for (const [name, entry] of Object.entries(classicScripts)) await buildClassicScript(name, entry);
      writeBrowserBuilds();
      if (withDevBuild) writeDevBuilds(here);
    },
  };
}

export default defineConfig(({ mode }) => ({
  root: resolve(here, 'src/pages'),
  base: './',
  publicDir: resolve(here, 'public'),
  oxc: jsx,
  define: production,
  plugins: [polyfillAsModule(), classicScriptsAndManifests(mode === 'dev')],
  build: {
    outDir: stage,
    emptyOutDir: true,
    target: 'es2022',
    // The preload links let the page fetch every chunk at once; the polyfill would be an inline script, which the CSP forbids.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        popup: resolve(here, 'src/pages/popup.html'),
        options: resolve(here, 'src/pages/options.html'),
        about: resolve(here, 'src/pages/about.html'),
        welcome: resolve(here, 'src/pages/welcome.html'),
        verify: resolve(here, 'src/pages/verify.html'),
      },
      output: { entryFileNames: 'assets/[name]-[hash].js', chunkFileNames: 'assets/[name]-[hash].js' },
    },
  },
}));
