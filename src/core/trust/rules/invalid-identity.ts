// A participant's identity key is missing or unusable.

import { cleanText } from '../display-text';
import type { RosterEntry } from './facts';
import { clip, fieldsIn } from './fields';
import { message, person, reason } from './message';
import { contactOf, type Rule } from './rule';

const keyless = (p: RosterEntry) => p.identityKey === null;

export const invalidIdentity: Rule = {
  severity: 'critical',
  rank: 75,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a), a.detail ?? ''],
  detect: (facts) =>
    facts.snapshot.participants.filter(keyless).map((p) =>
      fieldsIn(facts.snapshot, {
        contactId: p.id,
        contactName: p.name,
        detail: clip(p.identityProblem ?? 'no identity key was given'),
      }),
    ),
  text: (a) => ({
    summary: message('alert_invalidIdentity_summary', person(a), reason(cleanText(a.detail ?? '', '') || null)),
    accepts: message('alert_invalidIdentity_accepts', person(a)),
  }),
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: { entry: keyless },
};
