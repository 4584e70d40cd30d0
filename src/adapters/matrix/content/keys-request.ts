// The content script's side of "ask the page's client for these members' keys",
// which the user starts from KeyWatch's popup (never KeyWatch by itself): the
// background names the users, the page script asks the page's own client
// (src/adapters/matrix/page-world/response-observer.ts), and the client's
// /keys/query response is then read like any other.

import { KEYS_REQUEST_EVENT, KEYS_REQUEST_RESULT_EVENT, MAX_REQUESTED_USERS } from '../shared/observed-paths';
import { isMatrixUserId } from '../shared/user-id';

/** Background → content script. */
export interface KeysRequest {
  type: 'matrix/request-keys';
  userIds: string[];
}

export type KeysRequestOutcome = 'requested' | 'unavailable';

export function isKeysRequest(value: unknown): value is KeysRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { type, userIds } = value as { type?: unknown; userIds?: unknown };
  return type === 'matrix/request-keys' && Array.isArray(userIds) && userIds.length <= MAX_REQUESTED_USERS && userIds.every(isMatrixUserId);
}

/** Hands the request to the page script, which answers at once (events are dispatched synchronously). */
export function requestKeysFromPage(userIds: readonly string[], target: EventTarget = window): KeysRequestOutcome {
  let outcome: KeysRequestOutcome = 'unavailable';
  const listener = (event: Event) => {
    if ((event as CustomEvent<unknown>).detail === 'requested') outcome = 'requested';
  };
  target.addEventListener(KEYS_REQUEST_RESULT_EVENT, listener);
  try {
    target.dispatchEvent(new CustomEvent(KEYS_REQUEST_EVENT, { detail: JSON.stringify(userIds) }));
  } finally {
    target.removeEventListener(KEYS_REQUEST_RESULT_EVENT, listener);
  }
  return outcome;
}
