// Which storage changes can change what an open view shows (the popup, the verify page).
import { CARRY_KEY, STAMP_KEY } from '../background/store-carry';
import { CHECK_MEMORY_PREFIX } from '../core/signatures/chunked-memory';

/**
 * Keys whose changes no view shows: the background's carried copy of the trust store and its stamp (each comes with
 * the records it copies), its figures, and the remembered checks. The carried copy is written after every write of
 * the store; following it would build every open view a second time.
 */
const UNSHOWN = [CARRY_KEY, STAMP_KEY, 'metrics/', CHECK_MEMORY_PREFIX];

/** Whether a change of these keys can change what a view shows. */
export function changesAView(keys: readonly string[]): boolean {
  return keys.some((key) => !UNSHOWN.some((prefix) => key.startsWith(prefix)));
}
