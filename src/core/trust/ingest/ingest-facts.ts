// Everything the alert rules look at after one snapshot has been folded into
// the store: the snapshot itself, what happened to each contact, what changed
// in the conversation, and any stored record that had to be set aside.

import type { RosterSnapshot } from '../../roster';
import type { ContactObservation } from './observe-contact';
import type { RosterDiff } from './roster-diff';

export interface CorruptFinding {
  recordKey: string;
  /** Null for a record found missing: there was nothing to set aside. */
  quarantineKey: string | null;
  reason: string;
}

export interface IngestFacts {
  snapshot: RosterSnapshot;
  observations: readonly ContactObservation[];
  diff: RosterDiff;
  corrupt: readonly CorruptFinding[];
  /** Display name of a contact (participants now, and those who left), null when unknown. */
  nameOf: (contactId: string) => string | null;
  /** Set once the conversation's level is known (the last rule stage reads it). */
  degraded: boolean;
}
