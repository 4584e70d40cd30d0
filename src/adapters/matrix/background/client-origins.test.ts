import { describe, expect, it } from 'vitest';
import { clientScripts, DECLARED_CLIENT_ORIGINS, REGISTRATION_IDS, runtimeClientOrigins, sameRegistration } from './client-origins';

describe('Matrix client origins', () => {
  it('registers only granted origins the manifest does not already cover', () => {
    const granted = [
      ...DECLARED_CLIENT_ORIGINS,
      'https://chat.example.org/*',
      'https://*/*',
      'https://chat.example.org/*',
      'http://example.org/*',
      '<all_urls>',
      'https://*.example.net/*',
    ];
    expect(runtimeClientOrigins(granted)).toEqual(['https://*.example.net/*', 'https://*/*', 'https://chat.example.org/*']);
    expect(runtimeClientOrigins(DECLARED_CLIENT_ORIGINS)).toEqual([]);
  });

  it('puts the page-world script before the isolated reader, both on the same pages', () => {
    const scripts = clientScripts(['https://chat.example.org/*']);
    expect(scripts.map((s) => [s.id, s.world, s.js[0], s.matches])).toEqual([
      [REGISTRATION_IDS[0], 'MAIN', 'matrix-page.js', ['https://chat.example.org/*']],
      [REGISTRATION_IDS[1], 'ISOLATED', 'matrix-content.js', ['https://chat.example.org/*']],
    ]);
    expect(clientScripts([])).toEqual([]);
  });

  it('knows when the registration is already right', () => {
    const matches = ['https://a.example/*', 'https://b.example/*'];
    const registered = REGISTRATION_IDS.map((id) => ({ id, matches: [...matches].reverse() }));
    expect(sameRegistration(registered, matches)).toBe(true);
    expect(sameRegistration(registered.slice(0, 1), matches)).toBe(false);
    expect(sameRegistration(registered, ['https://a.example/*'])).toBe(false);
    expect(sameRegistration([], [])).toBe(true);
    expect(sameRegistration(registered, [])).toBe(false);
  });
});
