import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestFor } from './manifest';

const template = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'));

describe('manifest template', () => {
  it('gives Chrome a service worker and no Gecko settings', () => {
    const m = manifestFor(template, 'chrome') as Record<string, any>;
    expect(m.background).toEqual({ service_worker: 'background.js' });
    expect(m.browser_specific_settings).toBeUndefined();
    expect(m.minimum_chrome_version).toBeDefined();
    expect(JSON.stringify(m)).not.toMatch(/__(chrome|firefox)__/);
  });
  it('gives Firefox background scripts and a Gecko id', () => {
    const m = manifestFor(template, 'firefox') as Record<string, any>;
    expect(m.background).toEqual({ scripts: ['background.js'] });
    expect(m.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(m.minimum_chrome_version).toBeUndefined();
    expect(JSON.stringify(m)).not.toMatch(/__(chrome|firefox)__/);
  });
  it('forbids connections from extension pages', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const m = manifestFor(template, browser) as Record<string, any>;
      expect(m.content_security_policy.extension_pages).toContain("connect-src 'none'");
    }
  });
  it('keeps KeyWatch out of private windows in both browsers (the welcome and about pages say so)', () => {
    for (const browser of ['chrome', 'firefox'] as const) expect((manifestFor(template, browser) as Record<string, any>).incognito).toBe('not_allowed');
  });
  it("puts the button, and so the badge, on Firefox's toolbar, not in its extensions menu", () => {
    expect((manifestFor(template, 'firefox') as Record<string, any>).action.default_area).toBe('navbar');
    expect((manifestFor(template, 'chrome') as Record<string, any>).action.default_area).toBeUndefined();
  });
  it('refuses a key given twice for one browser', () => {
    expect(() => manifestFor({ a: 1, __chrome__a: 2 }, 'chrome')).toThrow(/twice/);
    expect(manifestFor({ a: 1, __chrome__a: 2 }, 'firefox')).toEqual({ a: 1 });
  });
});
