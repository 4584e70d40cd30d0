import { MAX_ID_LENGTH } from './limits';

/**
 * "@localpart:server", at most 255 characters (the spec's bound on user ids). The localpart may be empty: the
 * client's crypto accepts such an id, fetches its keys and encrypts to it, so its member must be listed.
 */
export function isMatrixUserId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ID_LENGTH && /^@[^:]*:.+$/s.test(value);
}
