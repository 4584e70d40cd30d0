// A contact's trust state machine made an illegal move: the stored state
// cannot be trusted, and shows as invalid until the user verifies again.

import { findEach } from './find-each';
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
    findEach(facts.observations, ({ participant: p, illegal }, found) => {
      if (illegal) found.push(fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, detail: illegal }));
    }),
  text: (a) => ({
    summary: message('alert_trustStateInvalid_summary', person(a), reason(a.detail)),
    accepts: message('alert_trustStateInvalid_accepts', person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: true,
  blocksAllVerified: null,
};
