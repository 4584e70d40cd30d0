// What the in-page observer copies, shared by the page script (which must stay
// tiny and import nothing else) and the content script that checks it again.

/** The event the page script dispatches on window; its detail is JSON text. */
export const OBSERVATION_EVENT = 'keywatch:matrix-response';

/**
 * Client-server API paths whose JSON responses KeyWatch reads. Only the path is
 * matched, not the host: a web client talks to a homeserver at another origin.
 */
export const OBSERVED_PATH = /^\/_matrix\/client\/(?:v3|r0)\/(?:keys\/query|sync|account\/whoami|rooms\/[^/]+\/(?:joined_)?members)$/;

/** Longest response text the page script hands over; longer ones are announced, not copied. */
export const MAX_OBSERVED_CHARS = 32 * 1024 * 1024;

/**
 * Dispatched on window after the page changes its address with
 * history.pushState or replaceState (newer Element switches rooms that way,
 * which fires no hashchange). No detail: the content script reads the address.
 */
export const NAVIGATION_EVENT = 'keywatch:matrix-navigation';

/**
 * Dispatched on window by the content script when the user asks, in KeyWatch's
 * popup, for the keys of some members: the page script asks the page's own
 * client for them (Element's `mxMatrixClientPeg.get().downloadKeysForUsers`).
 * The detail is JSON text: a list of user ids.
 */
export const KEYS_REQUEST_EVENT = 'keywatch:matrix-request-keys';

/** The page script's answer to a keys request, dispatched at once: detail 'requested' or 'unavailable'. */
export const KEYS_REQUEST_RESULT_EVENT = 'keywatch:matrix-request-keys-result';

/** Users asked for in one request, in batches of the size the client itself uses. */
export const MAX_REQUESTED_USERS = 1000;
export const REQUESTED_USERS_BATCH = 250;
