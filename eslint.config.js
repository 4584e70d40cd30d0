import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const browserGlobals = ['chrome', 'browser', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'location'].map((name) => ({
  name,
  message: 'src/core is pure: no browser API. Take what you need as a parameter.',
}));

// Import boundaries (no-restricted-imports). A later config object's options for a rule replace an
// earlier one's, so each kind of file below gets one entry holding every boundary that applies to it.
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'];
const up = (depth) => `^(\\.\\./){${depth}}`;
const boundary = {
  polyfill: { paths: [{ name: 'webextension-polyfill', message: 'Only src/platform/ talks to the browser API.' }] },
  corePure: {
    paths: ['webextension-polyfill', 'preact', 'preact/hooks', 'qr'].map((name) => ({
      name,
      message: 'src/core is pure: no browser API and no UI code.',
    })),
    patterns: [
      {
        group: ['**/platform/**', '**/popup/**', '**/options/**', '**/content/**', '**/background/**', '**/adapters/**'],
        message: 'src/core depends on nothing outside src/core.',
      },
    ],
  },
  noTesting: {
    patterns: [
      {
        regex: '(^|/)testing(/|$)',
        message: 'Test helpers, arbitraries, fuzz mutations and fixtures live in testing/ folders, for tests only.',
      },
    ],
  },
  recordsFile: {
    patterns: [
      { regex: '^(\\.\\./)+trust/(?!testing/)', message: "core/records-file uses the trust core's public index (../trust) only." },
    ],
  },
  pages: {
    patterns: [
      {
        regex: `${up(1)}background(/|$)`,
        message: 'Extension pages ask the background by message; what they share with it lives in src/view.',
      },
    ],
  },
  adapters: (depth) => ({
    patterns: [
      {
        regex: `${up(depth)}(background|platform)(/|$)`,
        message: 'Adapters turn page data into snapshots: they import neither the background nor the browser API.',
      },
    ],
  }),
  // The Matrix adapter by where its code runs: the page world and the content script never
  // import the background's part, and what they share is in shared/.
  matrix: {
    'page-world': ['content', 'background'],
    content: ['page-world', 'background'],
    background: ['page-world', 'content'],
    shared: ['page-world', 'content', 'background'],
  },
};

function restrict(files, ignores, parts) {
  const paths = parts.flatMap((p) => p.paths ?? []);
  const patterns = parts.flatMap((p) => p.patterns ?? []);
  return { files, ignores, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

const matrixRuntime = (runtime) => ({
  patterns: [
    {
      regex: `${up(1)}(${boundary.matrix[runtime].join('|')})(/|$)`,
      message: `Matrix ${runtime} code imports only its own folder and shared/ (where it runs decides what it may use).`,
    },
  ],
});

const importBoundaries = [
  // Everything but the platform layer and the tools that drive real browsers.
  restrict(['**/*.{ts,tsx,js}'], ['src/platform/**', 'e2e/**', 'scripts/**'], [boundary.polyfill]),
  restrict(
    ['src/**/*.{ts,tsx}'],
    ['src/core/**', 'src/adapters/**', 'src/platform/**', 'src/popup/**', 'src/verify/**', 'src/options/**', ...TESTS],
    [boundary.polyfill, boundary.noTesting],
  ),
  restrict(['src/{popup,verify,options}/**/*.{ts,tsx}'], TESTS, [boundary.polyfill, boundary.pages, boundary.noTesting]),
  restrict(['src/{popup,verify,options}/**/*.test.{ts,tsx}'], [], [boundary.polyfill, boundary.pages]),
  restrict(['src/core/**/*.{ts,tsx}'], ['src/core/records-file/**', ...TESTS], [boundary.corePure, boundary.noTesting]),
  restrict(
    TESTS.map((t) => `src/core/${t}`),
    ['src/core/records-file/**'],
    [boundary.corePure],
  ),
  restrict(['src/core/records-file/**/*.{ts,tsx}'], TESTS, [boundary.corePure, boundary.noTesting, boundary.recordsFile]),
  restrict(
    TESTS.map((t) => `src/core/records-file/${t}`),
    [],
    [boundary.corePure, boundary.recordsFile],
  ),
  restrict(['src/adapters/*/*.{ts,tsx}'], TESTS, [boundary.polyfill, boundary.adapters(2), boundary.noTesting]),
  restrict(['src/adapters/*/*.test.{ts,tsx}'], [], [boundary.polyfill, boundary.adapters(2)]),
  restrict(['src/adapters/*/testing/*.{ts,tsx}'], [], [boundary.polyfill, boundary.adapters(3)]),
  ...Object.keys(boundary.matrix).flatMap((runtime) => [
    restrict([`src/adapters/matrix/${runtime}/*.{ts,tsx}`], TESTS, [
      boundary.polyfill,
      boundary.adapters(3),
      boundary.noTesting,
      matrixRuntime(runtime),
    ]),
    // Tests follow a response across runtimes, as the extension does.
    restrict([`src/adapters/matrix/${runtime}/*.test.{ts,tsx}`], [], [boundary.polyfill, boundary.adapters(3)]),
  ]),
];

export default tseslint.config(
  { ignores: ['dist/', 'dist-dev/', 'build/', 'node_modules/', 'artifacts/', '.e2e-profiles/', 'demo/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Node scripts and tools.
    files: ['**/*.js', 'scripts/**', 'e2e/**', 'bench/**', 'demo/server/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Browser-driving and test code reads dynamic shapes (extension APIs inside a page, JSON fixtures).
    files: ['e2e/**', 'bench/extension.bench.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...importBoundaries,
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-globals': ['error', ...browserGlobals] },
  },
);
