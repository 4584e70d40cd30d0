// Per-site on/off. KeyWatch is on for every site its content script runs on,
// except the origins the user turned off. The list lives in storage.local under
// its own key, outside the trust store's records (the trust store never reads,
// changes or removes it), and only the background writes it.

import * as v from 'valibot';
import type { StoreRead } from '../trust';

export const SETTINGS_KEY = 'settings';
export const MAX_DISABLED_SITES = 1000;
const MAX_ORIGIN_LENGTH = 2048;

/** A page origin as a browser reports it: scheme, host and optional port, nothing else. */
const ORIGIN = /^https?:\/\/[^\s/?#@]+$/;

export function isOrigin(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ORIGIN_LENGTH && ORIGIN.test(value);
}

export const OriginSchema = v.custom<string>(isOrigin, 'expected a page origin such as https://example.org');

export const SettingsRecordSchema = v.object({
  /** Origins KeyWatch is off for, sorted, each once. */
  disabledSites: v.pipe(
    v.array(OriginSchema, 'expected a list of origins'),
    v.maxLength(MAX_DISABLED_SITES, `expected at most ${MAX_DISABLED_SITES} sites`),
    v.check((sites) => new Set(sites).size === sites.length, 'a site is listed twice'),
  ),
});

export type SettingsRecord = v.InferOutput<typeof SettingsRecordSchema>;

export const DEFAULT_SETTINGS: SettingsRecord = { disabledSites: [] };

/**
 * The settings as stored. A damaged record reads as the defaults (every site
 * on): failing open to "checking" is the safe direction, and the damage is
 * reported to the caller.
 */
export function readSettings(read: StoreRead): { settings: SettingsRecord; problem: string | null } {
  const stored = read(SETTINGS_KEY);
  if (stored === undefined) return { settings: DEFAULT_SETTINGS, problem: null };
  const parsed = v.safeParse(SettingsRecordSchema, stored);
  if (parsed.success) return { settings: parsed.output, problem: null };
  return {
    settings: DEFAULT_SETTINGS,
    problem: `the settings record is damaged (${parsed.issues[0]?.message ?? 'invalid'}); every site is on`,
  };
}

export function isSiteEnabled(settings: SettingsRecord, origin: string): boolean {
  return !settings.disabledSites.includes(origin);
}

export type SetSiteResult = { ok: true; writes: Record<string, SettingsRecord>; changed: boolean } | { ok: false; reason: string };

/** Turns one site on or off; writes nothing when it already is. */
export function planSetSite(read: StoreRead, origin: unknown, enabled: boolean): SetSiteResult {
  if (!isOrigin(origin)) return { ok: false, reason: 'not a site origin (expected for example https://example.org)' };
  const { settings, problem } = readSettings(read);
  const others = settings.disabledSites.filter((site) => site !== origin);
  const disabledSites = enabled ? others : [...others, origin].sort();
  if (disabledSites.length > MAX_DISABLED_SITES) return { ok: false, reason: `at most ${MAX_DISABLED_SITES} sites can be turned off` };
  // A damaged record is replaced by a sound one even when this site's state stays the same.
  const changed = disabledSites.length !== settings.disabledSites.length || problem !== null;
  return { ok: true, writes: changed ? { [SETTINGS_KEY]: { ...settings, disabledSites } } : {}, changed };
}

/** Sites both lists turn off, merged (for importing a records file). */
export function mergeSettings(mine: SettingsRecord, theirs: SettingsRecord): { settings: SettingsRecord; turnedOff: string[] } {
  const room = MAX_DISABLED_SITES - mine.disabledSites.length;
  const turnedOff = theirs.disabledSites.filter((site) => !mine.disabledSites.includes(site)).slice(0, Math.max(0, room));
  const disabledSites = [...mine.disabledSites, ...turnedOff].sort();
  return { settings: { ...mine, disabledSites }, turnedOff };
}
