// A contact's first usable identity key: trusted on first use, and said so.
// Never about the account holder: there is no one to compare one's own key with,
// and a notice about oneself would only make a newcomer wonder whether to verify
// themself (older versions raised it; alerts/about-oneself.ts hides those).

import { keyToken } from '../public-keys';
import { findEach } from './find-each';
import { fieldsIn } from './fields';
import { keyText, message, person } from './message';
import { contactOf, type Rule } from './rule';

export const firstSeen: Rule = {
  severity: 'info',
  rank: 10,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a), keyToken(a.key)],
  detect: (facts) =>
    findEach(facts.observations, ({ participant: p, firstKey }, found) => {
      if (firstKey && !p.isSelf) found.push(fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name, key: firstKey }));
    }),
  text: (a) => ({
    summary: message('alert_firstSeen_summary', person(a), keyText(a.key)),
    accepts: message('alert_firstSeen_accepts', person(a), keyText(a.key)),
  }),
  acknowledge: 'accept-key',
  closedByVerifying: true,
  blocksAllVerified: null,
};
