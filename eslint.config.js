import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const browserGlobals = ['chrome', 'browser', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'location'].map((name) => ({
  name,
  message: 'src/core is pure: no browser API. Take what you need as a parameter.',
}));

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'artifacts/', '.e2e-profiles/', 'demo/dist/'] },
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
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'webextension-polyfill', message: 'Only src/platform/ talks to the browser API.' }],
        },
      ],
    },
  },
  {
    // Browser-driving and test code reads dynamic shapes (extension APIs inside a page, JSON fixtures).
    files: ['e2e/**', 'bench/extension.bench.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The one layer allowed to touch the browser API, plus tests and tools that drive real browsers.
    files: ['src/platform/**', 'e2e/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-globals': ['error', ...browserGlobals],
      'no-restricted-imports': [
        'error',
        {
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
      ],
    },
  },
);
