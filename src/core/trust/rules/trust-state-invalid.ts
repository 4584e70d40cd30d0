// A contact's trust state machine made an illegal move: the stored state
// cannot be trusted, and shows as invalid until the user verifies again.

import { fieldsIn } from './fields';
import { message, person, reason } from './message';
import { contactOf, type Rule } from './rule';

export const trustStateInvalid: Rule = {
  severity: 'critical',
  rank: 65,
  reopens: true,
  stage: 'roster',
  identity: (a) => [contactOf(a)],
  detect: (facts) =>
    facts.observations.flatMap(({ participant: p, illegal }) =>
      illegal ? [fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, detail: illegal })] : [],
    ),
  text: (a) => ({
    summary: message('alert_trustStateInvalid_summary', person(a), reason(a.detail)),
    accepts: message('alert_trustStateInvalid_accepts', person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: true,
  blocksAllVerified: null,
};
