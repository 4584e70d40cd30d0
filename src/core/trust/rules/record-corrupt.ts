// A stored record failed validation and was set aside (quarantined), or a
// roster chunk its conversation counts is missing (nothing to set aside).

import type { RosterSnapshot } from '../../roster';
import type { CorruptFinding } from './facts';
import { clip, fieldsIn, type AlertFields } from './fields';
import { message, reason } from './message';
import type { Rule } from './rule';

/** Also used for records found damaged after the rules ran (alert records, read last). */
export function recordCorruptFields(snapshot: RosterSnapshot, findings: readonly CorruptFinding[]): AlertFields[] {
  return findings.map((c) => fieldsIn(snapshot, { detail: clip(c.reason), recordKey: c.recordKey, quarantineKey: c.quarantineKey }));
}

export const recordCorrupt: Rule = {
  severity: 'warning',
  rank: 40,
  reopens: false,
  stage: 'roster',
  identity: (a) => [a.recordKey ?? '', a.quarantineKey ?? ''],
  detect: (facts) => recordCorruptFields(facts.snapshot, facts.corrupt),
  text: (a) =>
    a.quarantineKey === null
      ? {
          summary: message('alert_recordCorrupt_summary_missing', reason(a.detail)),
          accepts: message('alert_recordCorrupt_accepts_missing'),
        }
      : {
          summary: message('alert_recordCorrupt_summary_setAside', reason(a.detail)),
          accepts: message('alert_recordCorrupt_accepts_setAside'),
        },
  acknowledge: 'none',
  closedByVerifying: false,
  blocksAllVerified: null,
};
