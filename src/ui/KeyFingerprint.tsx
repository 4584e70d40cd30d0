import type { PublicKeyRef } from '../core/roster';
import { fromBase64, toHex } from '../core/encoding';

/** A key shown as hex in groups of four, with its algorithm; for eyes, not for comparing in person. */
export function KeyFingerprint({ keyRef }: { keyRef: PublicKeyRef }) {
  const hex = toHex(fromBase64(keyRef.key));
  const groups = hex.match(/.{1,4}/g) ?? [];
  return (
    <p class="mono small fingerprint" data-testid="identity-key">
      <span class="muted">{keyRef.algorithm}</span> {groups.join(' ')}
    </p>
  );
}
