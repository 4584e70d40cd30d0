// Which pages get the Matrix scripts. Element Web at app.element.io (and local
// addresses, for development and tests) get them from the manifest; any other
// origin only once the user grants KeyWatch access to it at run time, through
// the optional host permissions, and then by run-time registration.

/** Origins the manifest already covers (content_scripts and host_permissions). */
export const DECLARED_CLIENT_ORIGINS: readonly string[] = ['https://app.element.io/*', 'http://localhost/*', 'http://127.0.0.1/*'];

export const MATRIX_PAGE_SCRIPT = 'matrix-page.js';
export const MATRIX_CONTENT_SCRIPT = 'matrix-content.js';
export const REGISTRATION_IDS = ['keywatch-matrix-page', 'keywatch-matrix-content'] as const;

/** A pattern the optional host permissions can grant: https on any host, or http on a local address. */
const GRANTABLE = /^(https:\/\/(\*|(\*\.)?[^/*]+)\/\*|http:\/\/(localhost|127\.0\.0\.1)\/\*)$/;

/** The granted patterns that need run-time registration, sorted. */
export function runtimeClientOrigins(granted: readonly string[]): string[] {
  const declared = new Set(DECLARED_CLIENT_ORIGINS);
  return [...new Set(granted)].filter((p) => GRANTABLE.test(p) && !declared.has(p)).sort();
}

/** The two scripts (page world at document_start, then the isolated reader) for these patterns. */
export function clientScripts(matches: string[]) {
  if (matches.length === 0) return [];
  return [
    { id: REGISTRATION_IDS[0], matches, js: [MATRIX_PAGE_SCRIPT], world: 'MAIN' as const },
    { id: REGISTRATION_IDS[1], matches, js: [MATRIX_CONTENT_SCRIPT], world: 'ISOLATED' as const },
  ];
}

/** Whether the registered scripts already match exactly these patterns. */
export function sameRegistration(registered: ReadonlyArray<{ id: string; matches: string[] }>, matches: readonly string[]): boolean {
  if (matches.length === 0) return registered.length === 0;
  return registered.length === REGISTRATION_IDS.length && registered.every((r) => [...r.matches].sort().join('\n') === matches.join('\n'));
}
