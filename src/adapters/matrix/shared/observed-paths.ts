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
