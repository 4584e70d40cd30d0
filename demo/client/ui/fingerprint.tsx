// Keys in KeyWatch's printed form (src/core/key-print.ts, docs/page-protocol.md):
// the same 16 groups of four hex digits, in the same two lines, that KeyWatch
// shows for the key, so a user can match the two screens by eye. Computed once per key.

import { printKey, printLines } from '../../../src/core/key-print';
import type { KeyAlgorithm } from '../../../src/core/roster';
import { COURIER_TEST_IDS as T } from './test-ids';

const cache = new Map<string, string[]>();

function linesOf(algorithm: KeyAlgorithm, base64Key: string): string[] {
  const id = `${algorithm}:${base64Key}`;
  let lines = cache.get(id);
  if (lines === undefined) {
    const groups = printKey({ algorithm, key: base64Key });
    lines = groups ? printLines(groups) : [base64Key];
    if (cache.size > 5_000) cache.clear();
    cache.set(id, lines);
  }
  return lines;
}

/** Courier's identity keys are Ed25519 and its device keys X25519 (demo/shared/crypto/keys.ts). */
export function KeyPrint({ kind, base64Key }: { kind: 'identity' | 'device'; base64Key: string }) {
  const lines = linesOf(kind === 'identity' ? 'ed25519' : 'curve25519', base64Key);
  return (
    <code class="key-print" dir="ltr" data-testid={T.keyPrint}>
      {lines.map((line, i) => (
        <span key={i}>{line}</span>
      ))}
    </code>
  );
}
