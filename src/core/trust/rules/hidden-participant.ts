// The page encrypts to someone it does not show as a member. Found when it
// begins (at first sight, or after they were shown, gone or not encrypted to):
// acknowledged, it stays closed while it lasts, and a new beginning reopens it.

import { isHiddenParticipant } from '../../roster';
import { fieldsIn } from './fields';
import { conversation, message, person } from './message';
import { contactOf, conversationOf, type Rule } from './rule';

export const hiddenParticipant: Rule = {
  severity: 'critical',
  rank: 85,
  reopens: true,
  stage: 'roster',
  identity: (a) => [conversationOf(a), contactOf(a)],
  detect: (facts) =>
    facts.diff.newlyHidden.map((p) => fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, key: p.identityKey })),
  text: (a) => ({
    summary: message('alert_hiddenParticipant_summary', conversation(a), person(a)),
    accepts: message('alert_hiddenParticipant_accepts', conversation(a), person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: { entry: isHiddenParticipant },
};
