/**
 * A record whose only change is its lastSeen is rewritten at most this often,
 * so a page that updates its roster often does not rewrite every contact,
 * conversation and alert of a large group each time.
 */
export const LAST_SEEN_RESOLUTION_MS = 10 * 60_000;
