// Someone who publishes no identity key at all (on Matrix: no cross-signing,
// as with old clients and many bridged users). Neither an attack nor safe:
// their devices cannot be told from ones the server adds, and they cannot be
// verified. A warning, once per person. Someone who had an identity key and
// has none now is an invalid identity (critical) instead.

import type { RosterEntry } from './facts';
import { fieldsIn } from './fields';
import { message, person } from './message';
import { contactOf, type Rule } from './rule';
import { neverHadIdentity } from './unvouched-owner';

const keyless = (p: RosterEntry) => p.identityKey === null;

export const identityAbsent: Rule = {
  severity: 'warning',
  rank: 52,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a)],
  detect: (facts) =>
    facts.observations
      .filter((o) => neverHadIdentity(o) && !o.participant.isSelf)
      .map(({ participant: p }) => fieldsIn(facts.snapshot, { contactId: p.id, contactName: p.name })),
  text: (a) => ({
    summary: message('alert_identityAbsent_summary', person(a)),
    accepts: message('alert_identityAbsent_accepts', person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: { entry: keyless },
};
