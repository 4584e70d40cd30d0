// Which pages get KeyWatch's page readers. The manifest declares them for the
// sites KeyWatch knows (Element at app.element.io); any other site gets them
// only once the user grants KeyWatch access to it (the options page asks, within
// the manifest's optional host permissions), and then by run-time registration.
// A granted site gets every reader: each one stays silent on a page that is not
// its kind (the Matrix observer until the page calls a Matrix API; the
// page-protocol reader says "no conversation", which never hides a conversation
// another reader found in the same tab).

/** One script of a reader, as the browser registers it. */
export interface ReaderScript {
  id: string;
  file: string;
  world: 'MAIN' | 'ISOLATED';
  runAt: 'document_start' | 'document_idle';
  /**
   * Also in child frames of the same site, including the about:blank and
   * srcdoc frames a page makes itself (whose origin is their creator's): a
   * client that fetches keys from an iframe must not go unseen.
   */
  allFrames: boolean;
}

/** Every reader's scripts, in injection order (the Matrix page-world observer must run before any page script). */
export const READER_SCRIPTS: readonly ReaderScript[] = [
  { id: 'keywatch-matrix-page', file: 'matrix-page.js', world: 'MAIN', runAt: 'document_start', allFrames: true },
  { id: 'keywatch-matrix-content', file: 'matrix-content.js', world: 'ISOLATED', runAt: 'document_start', allFrames: true },
  // The page protocol's disclosure is the top document's.
  { id: 'keywatch-page-protocol', file: 'content.js', world: 'ISOLATED', runAt: 'document_idle', allFrames: false },
];

export const READER_SCRIPT_IDS: readonly string[] = READER_SCRIPTS.map((s) => s.id);

/** The parts of a manifest that say where KeyWatch reads pages. */
export interface ManifestOrigins {
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: Array<{ matches?: string[] }>;
}

/** Patterns the manifest itself covers: required host permissions and declared content scripts. */
export function declaredOrigins(manifest: ManifestOrigins): Set<string> {
  return new Set([...(manifest.host_permissions ?? []), ...(manifest.content_scripts ?? []).flatMap((s) => s.matches ?? [])]);
}

const SCHEME_WILDCARD = /^([a-z]+):\/\/\*\/\*$/;
/** One scheme on one host, on every subdomain of a host, or on every host; nothing more. */
const HOST_PATTERN = /^([a-z]+):\/\/(\*|(\*\.)?[^/*:]+)\/\*$/;

/** Whether the manifest's optional host permissions allow asking for `pattern`. */
export function isGrantable(pattern: string, manifest: ManifestOrigins): boolean {
  const optional = manifest.optional_host_permissions ?? [];
  if (optional.includes(pattern)) return true;
  const scheme = HOST_PATTERN.exec(pattern)?.[1];
  return scheme !== undefined && optional.some((o) => SCHEME_WILDCARD.exec(o)?.[1] === scheme);
}

/** The patterns the user granted beyond what the manifest declares: the ones needing run-time registration, sorted. */
export function userGrantedOrigins(granted: readonly string[], manifest: ManifestOrigins): string[] {
  const declared = declaredOrigins(manifest);
  return [...new Set(granted)].filter((p) => !declared.has(p) && isGrantable(p, manifest)).sort();
}

/** Every reader's scripts on these patterns. */
export function readerRegistrations(matches: string[]): Array<ReaderScript & { matches: string[] }> {
  if (matches.length === 0) return [];
  return READER_SCRIPTS.map((script) => ({ ...script, matches }));
}

/** Whether the registered scripts are already every reader on exactly these patterns, each in the frames it should run in. */
export function sameRegistration(
  registered: ReadonlyArray<{ id: string; matches: string[]; allFrames?: boolean }>,
  matches: readonly string[],
): boolean {
  if (matches.length === 0) return registered.length === 0;
  const ids = new Set(registered.map((r) => r.id));
  const framesOf = new Map(READER_SCRIPTS.map((script) => [script.id, script.allFrames]));
  return (
    registered.length === READER_SCRIPTS.length &&
    READER_SCRIPT_IDS.every((id) => ids.has(id)) &&
    registered.every((r) => [...r.matches].sort().join('\n') === matches.join('\n') && (r.allFrames ?? false) === framesOf.get(r.id))
  );
}
