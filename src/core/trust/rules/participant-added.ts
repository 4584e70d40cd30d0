// Someone is shown in a known conversation who was not before.

import { fieldsIn } from './fields';
import { conversation, message, person } from './message';
import { contactOf, conversationOf, type Rule } from './rule';

export const participantAdded: Rule = {
  severity: 'warning',
  rank: 45,
  reopens: true,
  stage: 'roster',
  identity: (a) => [conversationOf(a), contactOf(a)],
  detect: (facts) => facts.diff.added.map((p) => fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, key: p.identityKey })),
  text: (a) => ({
    summary: message('alert_participantAdded_summary', person(a), conversation(a)),
    accepts: message('alert_participantAdded_accepts', person(a), conversation(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: null,
};
