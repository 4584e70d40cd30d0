// Key fingerprints for display, computed once per key.

import { fromBase64 } from '../../../src/core/encoding';
import { keyFingerprint } from '../../shared/crypto/keys';

const cache = new Map<string, string>();

export function fingerprintOf(base64Key: string): string {
  let fingerprint = cache.get(base64Key);
  if (fingerprint === undefined) {
    fingerprint = keyFingerprint(fromBase64(base64Key));
    if (cache.size > 5_000) cache.clear();
    cache.set(base64Key, fingerprint);
  }
  return fingerprint;
}
