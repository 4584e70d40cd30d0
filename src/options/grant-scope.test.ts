import { describe, expect, it } from 'vitest';
import { grantScope, isBroad } from './grant-scope';

describe('grantScope', () => {
  it('reads every wildcard host as every site, whatever the path', () => {
    expect(grantScope('https://*/*')).toEqual({ kind: 'every-site-of-scheme', scheme: 'https' });
    expect(grantScope('https://*/messages/*')).toEqual({ kind: 'every-site-of-scheme', scheme: 'https' });
    expect(grantScope('*://*/*')).toEqual({ kind: 'every-site' });
    expect(grantScope('<all_urls>')).toEqual({ kind: 'every-site' });
    for (const broad of ['https://*/*', '*://*/*', '<all_urls>', 'http://*/*']) expect(isBroad(grantScope(broad))).toBe(true);
  });
  it('names a domain with its subdomains, and one site by its origin', () => {
    expect(grantScope('https://*.example.org/*')).toEqual({ kind: 'domain-and-subdomains', scheme: 'https', domain: 'example.org' });
    expect(grantScope('https://chat.example.org/*')).toEqual({ kind: 'site', origin: 'https://chat.example.org' });
    expect(isBroad(grantScope('https://*.example.org/*'))).toBe(false);
    expect(isBroad(grantScope('https://chat.example.org/*'))).toBe(false);
  });
  it('shows anything else as the pattern itself', () => {
    expect(grantScope('https://chat.example.org/app/*')).toEqual({ kind: 'pattern', pattern: 'https://chat.example.org/app/*' });
    expect(grantScope('*://chat.example.org/*')).toEqual({ kind: 'pattern', pattern: '*://chat.example.org/*' });
    expect(grantScope('file:///*')).toEqual({ kind: 'pattern', pattern: 'file:///*' });
  });
});
