import type { PublicKeyRef } from '../core/roster';
import { printKey, printLines } from '../core/key-print';

/**
 * A key in its printed form (core/key-print.ts): the form docs/page-protocol.md
 * asks messengers to show, so a person can match the messenger's screen by eye.
 */
export function KeyFingerprint({ keyRef, testId = 'identity-key' }: { keyRef: PublicKeyRef; testId?: string }) {
  const groups = printKey(keyRef);
  return (
    <p class="mono small fingerprint" dir="ltr" data-testid={testId} data-print={groups?.join(' ') ?? keyRef.key}>
      {groups ? printLines(groups).map((line, i) => <span key={i}>{line}</span>) : keyRef.key}
    </p>
  );
}
