// The host pattern to ask permission for, from an address the user typed.
import { isGrantable, type ManifestOrigins } from '../adapters/reader-scripts';

/**
 * "https://chat.example.org/app" → "https://chat.example.org/*"; null for an
 * address that is not one or whose pattern the manifest does not let KeyWatch
 * ask for (plain http, except local addresses in the dev build).
 */
export function matchPatternFor(address: string, manifest: ManifestOrigins): string | null {
  try {
    const url = new URL(address.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    // An address names one site: a '*' the URL parser lets through would ask for every site, or every .com site.
    if (url.hostname.includes('*')) return null;
    const pattern = `${url.protocol}//${url.hostname}/*`;
    return isGrantable(pattern, manifest) ? pattern : null;
  } catch {
    return null;
  }
}
