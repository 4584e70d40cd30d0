// Content scripts registered at run time (for origins the user grants after
// install) and the host permissions behind them. Needs the "scripting" permission.
import { browser } from './browser';
import { manifestHosts } from './runtime';

export interface ScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
  world: 'MAIN' | 'ISOLATED';
  runAt: 'document_start' | 'document_idle';
  /** Child frames too, with those that inherit their creator's origin (about:blank, srcdoc). */
  allFrames: boolean;
}

/** The scripts of `ids` registered now, with their match patterns. */
export async function registeredScripts(ids: string[]): Promise<Array<{ id: string; matches: string[]; allFrames: boolean }>> {
  const scripts = await browser.scripting.getRegisteredContentScripts({ ids });
  return scripts.map((s) => ({ id: s.id, matches: s.matches ?? [], allFrames: s.allFrames === true }));
}

/** Registers each script (in the top frame only, or in every frame of a matching origin), kept across browser restarts. */
export async function registerScripts(scripts: ScriptRegistration[]): Promise<void> {
  if (scripts.length === 0) return;
  await browser.scripting.registerContentScripts(
    scripts.map((s) => ({
      id: s.id,
      matches: s.matches,
      js: s.js,
      world: s.world,
      runAt: s.runAt,
      allFrames: s.allFrames,
      matchOriginAsFallback: s.allFrames,
      persistAcrossSessions: true,
    })),
  );
}

export async function unregisterScripts(ids: string[]): Promise<void> {
  if (ids.length > 0) await browser.scripting.unregisterContentScripts({ ids });
}

/** Every host pattern the extension holds now (declared, and granted at run time). */
export async function grantedOrigins(): Promise<string[]> {
  return (await browser.permissions.getAll()).origins ?? [];
}

/** Whether the browser lets KeyWatch read pages at this address now (the user can withdraw access from the browser's own UI). */
export async function mayReadAddress(url: string): Promise<boolean> {
  const { protocol, hostname } = new URL(url);
  const pattern = `${protocol}//${hostname}/*`;
  // The dev build's local addresses: content scripts declared there without a host permission (scripts/build/dev-manifest.ts).
  const { host_permissions = [], content_scripts = [] } = manifestHosts();
  if (!host_permissions.includes(pattern) && content_scripts.some((s) => s.matches?.includes(pattern))) return true;
  return browser.permissions.contains({ origins: [pattern] }).catch(() => false);
}

/** The manifest's own sites (Element) the user withheld or withdrew in the browser: KeyWatch cannot read them. */
export async function withheldDeclaredOrigins(declared: readonly string[]): Promise<string[]> {
  const held = await Promise.all(declared.map((o) => browser.permissions.contains({ origins: [o] }).catch(() => false)));
  return declared.filter((_, i) => !held[i]);
}

export function onHostPermissionsChanged(listener: () => void): void {
  browser.permissions.onAdded.addListener(() => listener());
  browser.permissions.onRemoved.addListener(() => listener());
}

/** Asks the user for host access (call from an extension page, in a click handler). */
export async function requestOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins });
}

/** Gives back host access the user granted; declared (required) origins cannot be given back. */
export async function removeOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.remove({ origins });
}
