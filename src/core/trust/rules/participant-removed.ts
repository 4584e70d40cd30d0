// Someone shown before is no longer shown.

import { fieldsIn } from './fields';
import { conversation, message, person } from './message';
import { contactOf, conversationOf, type Rule } from './rule';

export const participantRemoved: Rule = {
  severity: 'info',
  rank: 15,
  reopens: true,
  stage: 'roster',
  identity: (a) => [conversationOf(a), contactOf(a)],
  detect: (facts) =>
    facts.diff.removed.map((m) => fieldsIn(facts.snapshot, { contactId: m.id, contactName: facts.nameOf(m.id), key: m.identityKey })),
  text: (a) => ({
    summary: message('alert_participantRemoved_summary', person(a), conversation(a)),
    accepts: message('alert_participantRemoved_accepts', person(a), conversation(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: null,
};
