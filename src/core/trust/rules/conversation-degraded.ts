// A conversation that was all verified degraded; the other alerts say why.
// A latch: it stays degraded until the user acknowledges this alert.

import { fieldsIn } from './fields';
import { conversation, message } from './message';
import { conversationOf, type Rule } from './rule';

export const conversationDegraded: Rule = {
  severity: 'warning',
  rank: 60,
  reopens: true,
  stage: 'conversation',
  identity: (a) => [conversationOf(a)],
  detect: (facts) => (facts.degraded ? [fieldsIn(facts.snapshot, {})] : []),
  text: (a) => ({
    summary: message('alert_conversationDegraded_summary', conversation(a)),
    accepts: message('alert_conversationDegraded_accepts', conversation(a)),
  }),
  acknowledge: 'release-degraded',
  closedByVerifying: false,
  blocksAllVerified: null,
};
