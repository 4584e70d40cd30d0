// What the rules look at after one snapshot has been folded into the store:
// the snapshot, what happened to each contact, what changed in the
// conversation's roster, and any stored record that had to be set aside. The
// ingest (ingest/) builds these; the rules only read them.

import type { DeviceView, ParticipantView, PublicKeyRef, RosterSnapshot } from '../../roster';

/** One person as a roster lists them: a participant of a snapshot, or a member of a stored roster. */
export type RosterEntry = Omit<ParticipantView, 'identityProblem'>;

export interface KeyChange {
  from: PublicKeyRef;
  to: PublicKeyRef;
  /** The contact was verified (or its verification loss was still unacknowledged) before this change. */
  wasVerified: boolean;
}

/** What one participant's sighting changed about their contact. */
export interface ContactFindings {
  participant: ParticipantView;
  /** The contact's first usable identity key, seen now. */
  firstKey: PublicKeyRef | null;
  /** The contact had a usable identity key before this sighting. */
  hadKey: boolean;
  keyChange: KeyChange | null;
  /** Devices (id and key) this known contact never had before. Empty at first sight. */
  newDevices: readonly DeviceView[];
  /**
   * The contact's current identity key is new and nobody accepted or verified
   * it: it changed in this snapshot, or an earlier change is still
   * unacknowledged. What it signs is vouched for by whoever holds that key.
   */
  newIdentity: boolean;
  /** Set when the trust state machine refused the move. */
  illegal: string | null;
}

/** The conversation's roster against its stored one (empty at first sight). */
export interface RosterChanges {
  added: readonly ParticipantView[];
  removed: readonly RosterEntry[];
  /** Devices no longer listed for people present before and now. */
  devicesRemoved: readonly { member: RosterEntry; device: DeviceView }[];
  /** People encrypted to without being shown who were not so in the stored roster (at first sight, every one). */
  newlyHidden: readonly ParticipantView[];
  /** Devices of people present before and now that the page encrypts to and did not in the stored roster (listed or not). */
  newlyEncryptedTo: ReadonlyMap<ParticipantView, readonly DeviceView[]>;
}

/** A stored record that was set aside, or found missing. */
export interface CorruptFinding {
  recordKey: string;
  /** Null for a record found missing: there was nothing to set aside. */
  quarantineKey: string | null;
  reason: string;
}

export interface RuleFacts {
  snapshot: RosterSnapshot;
  observations: readonly ContactFindings[];
  diff: RosterChanges;
  corrupt: readonly CorruptFinding[];
  /** Display name of a contact (participants now, and those who left), null when unknown. */
  nameOf: (contactId: string) => string | null;
  /** The problem lines stored with the conversation before this snapshot (empty at first sight). */
  storedProblems: readonly string[];
  /** Set once the conversation's level is known (read by the rules of stage 'conversation'). */
  degraded: boolean;
}
