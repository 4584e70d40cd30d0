import { describe, expect, it } from 'vitest';
import { matchPatternFor } from './match-pattern';

const store = { optional_host_permissions: ['https://*/*'] };
const dev = { optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'] };

describe('matchPatternFor', () => {
  it('turns a web client address into its host pattern', () => {
    expect(matchPatternFor('https://chat.example.org/#/room/!a:b', store)).toBe('https://chat.example.org/*');
    expect(matchPatternFor(' https://chat.example.org ', store)).toBe('https://chat.example.org/*');
    expect(matchPatternFor('https://chat.example.org:8448/', store)).toBe('https://chat.example.org/*');
  });
  it('offers a local address only where the manifest does (the dev build)', () => {
    expect(matchPatternFor('http://localhost:8080/', store)).toBeNull();
    expect(matchPatternFor('http://localhost:8080/', dev)).toBe('http://localhost/*');
    expect(matchPatternFor('http://127.0.0.1:8480/', dev)).toBe('http://127.0.0.1/*');
  });
  it('refuses plain http on the internet and anything that is not an address', () => {
    for (const manifest of [store, dev]) {
      expect(matchPatternFor('http://chat.example.org', manifest)).toBeNull();
      expect(matchPatternFor('chat.example.org', manifest)).toBeNull();
      expect(matchPatternFor('javascript:alert(1)', manifest)).toBeNull();
      expect(matchPatternFor('ftp://chat.example.org', manifest)).toBeNull();
      expect(matchPatternFor('', manifest)).toBeNull();
    }
  });
});

describe('matchPatternFor, a typed wildcard', () => {
  it('does not ask for more than one site', () => {
    const m = { host_permissions: ['https://app.element.io/*'], optional_host_permissions: ['https://*/*'] };
    expect(matchPatternFor('https://*.com', m)).toBeNull();
    expect(matchPatternFor('https://*', m)).toBeNull();
  });
});
