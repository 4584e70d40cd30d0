import { describe, expect, it } from 'vitest';
import { recordsReader } from '../trust';
import {
  isOrigin,
  isSiteEnabled,
  mergeSettings,
  planSetSite as planSetSiteIn,
  readSettings as readSettingsIn,
  SETTINGS_KEY,
} from './site-settings';

const readSettings = (records: Record<string, unknown>) => readSettingsIn(recordsReader(records));
const planSetSite = (records: Record<string, unknown>, origin: unknown, enabled: boolean) =>
  planSetSiteIn(recordsReader(records), origin, enabled);

const A = 'http://127.0.0.1:8480';
const B = 'https://chat.example.org';

describe('site settings', () => {
  it('reads every site as on when nothing is stored', () => {
    const { settings, problem } = readSettings({});
    expect(problem).toBeNull();
    expect(isSiteEnabled(settings, A)).toBe(true);
  });

  it('turns a site off and on again, writing only when something changes', () => {
    const off = planSetSite({}, A, false);
    expect(off).toEqual({ ok: true, changed: true, writes: { [SETTINGS_KEY]: { disabledSites: [A] } } });
    const stored = off.ok ? off.writes : {};
    expect(isSiteEnabled(readSettings(stored).settings, A)).toBe(false);
    expect(isSiteEnabled(readSettings(stored).settings, B)).toBe(true);
    expect(planSetSite(stored, A, false)).toEqual({ ok: true, changed: false, writes: {} });
    expect(planSetSite(stored, A, true)).toEqual({ ok: true, changed: true, writes: { [SETTINGS_KEY]: { disabledSites: [] } } });
  });

  it('keeps the list sorted and without duplicates', () => {
    const first = planSetSite({}, B, false);
    const second = planSetSite(first.ok ? first.writes : {}, A, false);
    expect(second.ok && second.writes[SETTINGS_KEY]!.disabledSites).toEqual([A, B]);
  });

  it('refuses what is not an origin', () => {
    for (const bad of ['', 'example.org', 'http://a/b', 'javascript:alert(1)', 'http://a b', 42, null, 'http://' + 'a'.repeat(3000)]) {
      expect(isOrigin(bad)).toBe(false);
      expect(planSetSite({}, bad, false).ok).toBe(false);
    }
  });

  it('reads a damaged record as every site on, says so, and replaces it on the next change', () => {
    const damaged = { [SETTINGS_KEY]: { disabledSites: [A, A] } };
    const read = readSettings(damaged);
    expect(read.settings.disabledSites).toEqual([]);
    expect(read.problem).toMatch(/damaged/);
    expect(planSetSite(damaged, A, true)).toEqual({ ok: true, changed: true, writes: { [SETTINGS_KEY]: { disabledSites: [] } } });
    expect(readSettings({ [SETTINGS_KEY]: 'nonsense' }).problem).toMatch(/damaged/);
  });

  it("merges a file's list into ours and names the sites it turns off", () => {
    expect(mergeSettings({ disabledSites: [B] }, { disabledSites: [A, B] })).toEqual({
      settings: { disabledSites: [A, B] },
      turnedOff: [A],
    });
    expect(mergeSettings({ disabledSites: [A] }, { disabledSites: [] })).toEqual({ settings: { disabledSites: [A] }, turnedOff: [] });
  });
});
