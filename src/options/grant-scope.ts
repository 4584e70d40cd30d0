// What a host pattern the browser reports as granted lets KeyWatch read, in
// words a user can check: a broad grant must read as broad, whatever else is granted.

export type GrantScope =
  | { kind: 'every-site' }
  | { kind: 'every-site-of-scheme'; scheme: string }
  | { kind: 'domain-and-subdomains'; scheme: string; domain: string }
  | { kind: 'site'; origin: string }
  | { kind: 'pattern'; pattern: string };

const PATTERN = /^(\*|[a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)$/;

export function grantScope(pattern: string): GrantScope {
  if (pattern === '<all_urls>') return { kind: 'every-site' };
  const parts = PATTERN.exec(pattern);
  if (!parts) return { kind: 'pattern', pattern };
  const [, scheme, host, path] = parts as unknown as [string, string, string, string];
  // A path does not narrow a wildcard host in any way that matters: every site's pages under it are readable.
  if (host === '*') return scheme === '*' ? { kind: 'every-site' } : { kind: 'every-site-of-scheme', scheme };
  if (host.startsWith('*.')) return { kind: 'domain-and-subdomains', scheme, domain: host.slice(2) };
  if (path === '/*' && scheme !== '*' && host !== '') return { kind: 'site', origin: `${scheme}://${host}` };
  return { kind: 'pattern', pattern };
}

/** Grants that let KeyWatch read pages on sites nobody named: the options page warns about them. */
export function isBroad(scope: GrantScope): boolean {
  return scope.kind === 'every-site' || scope.kind === 'every-site-of-scheme';
}
