import type { TrustState } from '../core/trust';

/**
 * Trust states the account holder's own row shows as "You": there is nobody to
 * compare one's own key with, so trust on first use or a verification means
 * nothing there. A missing key, a changed one or an inconsistent record still shows.
 */
const SHOWN_AS_YOU: ReadonlySet<TrustState> = new Set(['first-seen', 'accepted', 'verified']);

export function showsAsYou(isSelf: boolean, trust: TrustState): boolean {
  return isSelf && SHOWN_AS_YOU.has(trust);
}
