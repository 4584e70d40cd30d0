// The identity key of a verified contact changed (also while that loss is
// unacknowledged): the loudest alert, and its text says the verified mark is gone.

import { keyChangeIdentity, keyChanges } from './key-change';
import { keyText, message, person } from './message';
import type { Rule } from './rule';

export const verifiedKeyChanged: Rule = {
  severity: 'critical',
  rank: 100,
  reopens: true,
  stage: 'roster',
  identity: keyChangeIdentity,
  detect: (facts) => keyChanges(facts, true),
  text: (a) => ({
    summary: message('alert_verifiedKeyChanged_summary', person(a), keyText(a.previousKey), keyText(a.key)),
    accepts: message('alert_verifiedKeyChanged_accepts', person(a), keyText(a.key)),
  }),
  acknowledge: 'accept-key',
  closedByVerifying: true,
  blocksAllVerified: null,
};
