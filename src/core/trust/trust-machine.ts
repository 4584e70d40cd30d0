// The trust state of one contact, as a transition table (data, not a switch).
// Events come from what KeyWatch saw (a key, unchanged or new) or from the user
// (verified after comparing, acknowledged a change). A move the table marks
// ILLEGAL lands in the sticky 'invalid' state with a reason, so an
// inconsistent store is surfaced instead of quietly trusted. Only the user
// verifying the current key again leads out of 'invalid'.

export const TRUST_STATES = [
  /** Seen, but never with a usable identity key. */
  'unkeyed',
  /** Trust on first use: the first key seen, never compared nor accepted by the user. */
  'first-seen',
  /** The user accepted the current key without comparing it. */
  'accepted',
  /** The user compared the current key out of band. */
  'verified',
  /** The key changed and the user has not acknowledged it yet. */
  'changed',
  /** The key of a verified contact changed: the verified mark is gone until the user verifies again. */
  'changed-after-verified',
  /** An illegal transition happened: the stored state cannot be trusted. */
  'invalid',
] as const;

export type TrustState = (typeof TRUST_STATES)[number];

export const TRUST_EVENTS = [
  /** The first usable identity key of a contact. */
  'first-key',
  /** The identity key seen equals the current key. */
  'same-key',
  /** The identity key seen differs from the current key. */
  'new-key',
  /** The user compared the current key and marked it verified. */
  'verified',
  /** The user acknowledged (accepted) the current key. */
  'acknowledged',
] as const;

export type TrustEvent = (typeof TRUST_EVENTS)[number];

const ILLEGAL = 'ILLEGAL';
type Target = TrustState | typeof ILLEGAL;

/** Every (state, event) pair has an entry: nothing is left to a default. */
export const TRUST_TRANSITIONS: { readonly [S in TrustState]: { readonly [E in TrustEvent]: Target } } = {
  unkeyed: {
    'first-key': 'first-seen',
    'same-key': ILLEGAL,
    'new-key': ILLEGAL,
    verified: ILLEGAL,
    acknowledged: ILLEGAL,
  },
  'first-seen': {
    'first-key': ILLEGAL,
    'same-key': 'first-seen',
    'new-key': 'changed',
    verified: 'verified',
    acknowledged: 'accepted',
  },
  accepted: {
    'first-key': ILLEGAL,
    'same-key': 'accepted',
    'new-key': 'changed',
    verified: 'verified',
    acknowledged: 'accepted',
  },
  verified: {
    'first-key': ILLEGAL,
    'same-key': 'verified',
    'new-key': 'changed-after-verified',
    verified: 'verified',
    // Acknowledging an old alert about a key the user has since verified changes nothing.
    acknowledged: 'verified',
  },
  changed: {
    'first-key': ILLEGAL,
    'same-key': 'changed',
    'new-key': 'changed',
    verified: 'verified',
    acknowledged: 'accepted',
  },
  'changed-after-verified': {
    'first-key': ILLEGAL,
    'same-key': 'changed-after-verified',
    // Still unacknowledged: the loss of the verified mark must not be hidden by a second change.
    'new-key': 'changed-after-verified',
    verified: 'verified',
    // Accepting the new key never restores the verified mark.
    acknowledged: 'accepted',
  },
  invalid: {
    'first-key': 'invalid',
    'same-key': 'invalid',
    'new-key': 'invalid',
    verified: 'verified',
    acknowledged: 'invalid',
  },
};

export interface TransitionResult {
  state: TrustState;
  /** Why the move was illegal; null for a legal move (staying in 'invalid' is legal). */
  illegal: string | null;
}

export function transition(state: TrustState, event: TrustEvent): TransitionResult {
  const row = Object.hasOwn(TRUST_TRANSITIONS, state) ? TRUST_TRANSITIONS[state] : undefined;
  const target = row && Object.hasOwn(row, event) ? row[event] : ILLEGAL;
  if (target === ILLEGAL) {
    return { state: 'invalid', illegal: `event "${String(event)}" is not allowed in state "${String(state)}"` };
  }
  return { state: target, illegal: null };
}
