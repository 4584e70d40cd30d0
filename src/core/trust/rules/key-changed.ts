// The identity key of a known contact who was not verified changed. Critical
// all the same: a silent key swap is the attack KeyWatch exists to catch, and
// most people never verify.

import { keyChangeIdentity, keyChanges } from './key-change';
import { keyText, message, person } from './message';
import type { Rule } from './rule';

export const keyChanged: Rule = {
  severity: 'critical',
  rank: 90,
  reopens: true,
  stage: 'roster',
  identity: keyChangeIdentity,
  detect: (facts) => keyChanges(facts, false),
  text: (a) => ({
    summary: message('alert_keyChanged_summary', person(a), keyText(a.previousKey), keyText(a.key)),
    accepts: message('alert_keyChanged_accepts', person(a), keyText(a.key)),
  }),
  acknowledge: 'accept-key',
  closedByVerifying: true,
  blocksAllVerified: null,
};
