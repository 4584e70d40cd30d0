import { MAX_ID_LENGTH } from './limits';

/** "@localpart:server", at most 255 characters (the spec's bound on user ids). */
export function isMatrixUserId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ID_LENGTH && /^@[^:]+:.+$/s.test(value);
}
