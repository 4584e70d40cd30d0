import type { Severity, TrustState } from '../core/trust';

export type Tone = 'ok' | 'info' | 'warning' | 'critical';

/** The chip's colour for each trust state: the compiler checks that every state has one. */
const TONE: { readonly [S in TrustState]: Tone } = {
  verified: 'ok',
  'first-seen': 'info',
  changed: 'critical',
  'changed-after-verified': 'critical',
  unkeyed: 'warning',
  accepted: 'warning',
  invalid: 'warning',
};

/** A person's trust chip colour. An open critical alert about them outranks their trust: no green over it. */
export function trustTone(trust: TrustState, worstOpen: Severity | null): Tone {
  return worstOpen === 'critical' ? 'critical' : TONE[trust];
}
