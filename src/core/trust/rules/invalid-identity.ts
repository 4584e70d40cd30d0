// A participant's identity key is missing or unusable: one was given and
// failed, or someone who had one has none now (a withdrawn identity). Not
// here: someone whose keys KeyWatch has not seen yet (unchecked: not a fault
// of theirs; the tab's coverage says it), and someone who never published an
// identity key at all (identity-absent, a warning).

import { cleanText } from '../display-text';
import type { RosterEntry } from './facts';
import { clip, fieldsIn } from './fields';
import { message, person, reason } from './message';
import { contactOf, type Rule } from './rule';

const keyless = (p: RosterEntry) => p.identityKey === null;

/**
 * The kind of fault a reason names, without what the server chose to put in it: quoted text (ids, key names, lists
 * of them, however many) and numbers (sizes, counts). Otherwise a server could raise a new critical alert at will by varying one of them while
 * the identity stays as unusable as before.
 */
export const reasonKind = (detail: string) =>
  detail
    .replace(/"(?:[^"\\]|\\.)*"?/g, '"…"')
    .replace(/"…"(?:\s*,\s*"…")+/g, '"…"')
    .replace(/\d+/g, '#');

export const invalidIdentity: Rule = {
  severity: 'critical',
  rank: 75,
  reopens: false,
  stage: 'roster',
  identity: (a) => [contactOf(a), reasonKind(a.detail ?? '')],
  detect: (facts) =>
    facts.observations
      .filter(({ participant: p, hadKey }) => keyless(p) && p.identityStatus !== 'unchecked' && (p.identityStatus !== 'absent' || hadKey))
      .map(({ participant: p }) =>
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
