import { describe, expect, it } from 'vitest';
import { isGrantable, READER_SCRIPTS, readerRegistrations, sameRegistration, userGrantedOrigins } from './reader-scripts';

const store = {
  host_permissions: ['https://app.element.io/*'],
  optional_host_permissions: ['https://*/*'],
  content_scripts: [{ matches: ['https://app.element.io/*'] }, { matches: ['https://app.element.io/*'] }],
};
const local = ['http://localhost/*', 'http://127.0.0.1/*'];
const dev = {
  ...store,
  optional_host_permissions: ['https://*/*', ...local],
  content_scripts: [...store.content_scripts, { matches: local }],
};

describe('reader scripts on granted sites', () => {
  it('registers only what the user granted beyond the manifest, within its optional permissions', () => {
    const granted = [
      'https://app.element.io/*',
      'https://chat.example.org/*',
      'https://*/*',
      'https://chat.example.org/*',
      'http://example.org/*',
      '<all_urls>',
      '*://*/*',
      'https://*.example.net/*',
      ...local,
    ];
    expect(userGrantedOrigins(granted, store)).toEqual(['https://*.example.net/*', 'https://*/*', 'https://chat.example.org/*']);
    // The dev build declares the local addresses, so they are not registered again.
    expect(userGrantedOrigins(granted, dev)).toEqual(['https://*.example.net/*', 'https://*/*', 'https://chat.example.org/*']);
    expect(userGrantedOrigins(['https://app.element.io/*'], store)).toEqual([]);
  });

  it('lets a local address be granted only where the manifest offers it', () => {
    expect(isGrantable('http://localhost/*', store)).toBe(false);
    expect(isGrantable('http://localhost/*', { optional_host_permissions: ['https://*/*', 'http://localhost/*'] })).toBe(true);
    expect(isGrantable('https://chat.example.org/*', store)).toBe(true);
    expect(isGrantable('https://chat.example.org/app/*', store)).toBe(false);
    expect(isGrantable('https://chat.example.org/*', { optional_host_permissions: [] })).toBe(false);
  });

  it('gives a granted site every reader, the page-world observer first', () => {
    const scripts = readerRegistrations(['https://chat.example.org/*']);
    expect(scripts.map((s) => [s.id, s.world, s.file, s.runAt, s.allFrames])).toEqual([
      ['keywatch-matrix-page', 'MAIN', 'matrix-page.js', 'document_start', true],
      ['keywatch-matrix-content', 'ISOLATED', 'matrix-content.js', 'document_start', true],
      ['keywatch-page-protocol', 'ISOLATED', 'content.js', 'document_idle', false],
    ]);
    expect(scripts.every((s) => s.matches.join() === 'https://chat.example.org/*')).toBe(true);
    expect(readerRegistrations([])).toEqual([]);
  });

  it('knows when the registration is already right', () => {
    const matches = ['https://a.example/*', 'https://b.example/*'];
    const registered = READER_SCRIPTS.map(({ id, allFrames }) => ({ id, matches: [...matches].reverse(), allFrames }));
    expect(sameRegistration(registered, matches)).toBe(true);
    // Registered before the Matrix observer ran in child frames: registered again.
    expect(
      sameRegistration(
        registered.map((r) => ({ ...r, allFrames: false })),
        matches,
      ),
    ).toBe(false);
    expect(sameRegistration(registered.slice(0, 2), matches)).toBe(false);
    expect(sameRegistration(registered, ['https://a.example/*'])).toBe(false);
    expect(sameRegistration([], [])).toBe(true);
    expect(sameRegistration(registered, [])).toBe(false);
    expect(READER_SCRIPTS).toHaveLength(3);
  });
});
