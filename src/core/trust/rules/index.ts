// Every kind of alert, each with its rule (one file per rule, named after its
// kind). The kinds are this table's keys: a new kind is one rule file and one
// line here (and its docs and English messages). See README.md.

import { conversationDegraded } from './conversation-degraded';
import { dehydratedDeviceAdded } from './dehydrated-device-added';
import { deviceAdded } from './device-added';
import { deviceRemoved } from './device-removed';
import { firstSeen } from './first-seen';
import { ghostDevice } from './ghost-device';
import { hiddenParticipant } from './hidden-participant';
import { identityAbsent } from './identity-absent';
import { invalidIdentity } from './invalid-identity';
import { keyChanged } from './key-changed';
import { ownDeviceUnverified } from './own-device-unverified';
import { participantAdded } from './participant-added';
import { participantRemoved } from './participant-removed';
import { recordCorrupt } from './record-corrupt';
import { refusedDevice } from './refused-device';
import type { Rule } from './rule';
import { SEVERITY_ORDER } from './severity';
import { snapshotProblem } from './snapshot-problem';
import { storageLimit } from './storage-limit';
import { trustStateInvalid } from './trust-state-invalid';
import { unvouchedDeviceAdded } from './unvouched-device-added';
import { verifiedKeyChanged } from './verified-key-changed';

const table = {
  'verified-key-changed': verifiedKeyChanged,
  'storage-limit': storageLimit,
  'key-changed': keyChanged,
  'hidden-participant': hiddenParticipant,
  'ghost-device': ghostDevice,
  'invalid-identity': invalidIdentity,
  'snapshot-problem': snapshotProblem,
  'trust-state-invalid': trustStateInvalid,
  'conversation-degraded': conversationDegraded,
  'own-device-unverified': ownDeviceUnverified,
  'refused-device': refusedDevice,
  'identity-absent': identityAbsent,
  'device-added': deviceAdded,
  'unvouched-device-added': unvouchedDeviceAdded,
  'participant-added': participantAdded,
  'record-corrupt': recordCorrupt,
  'device-removed': deviceRemoved,
  'participant-removed': participantRemoved,
  'dehydrated-device-added': dehydratedDeviceAdded,
  'first-seen': firstSeen,
} satisfies Record<string, Rule>;

/** The kind of an alert, as stored in its record's `rule` field. */
export type AlertKind = keyof typeof table;

export const RULES: { readonly [K in AlertKind]: Rule } = table;

export const ALERT_KINDS = Object.keys(table) as AlertKind[];

/** Loudest first, by severity then rank: the order in which the rules run. */
export const KINDS_LOUDEST_FIRST: readonly AlertKind[] = [...ALERT_KINDS].sort(
  (a, b) => SEVERITY_ORDER[RULES[b].severity] - SEVERITY_ORDER[RULES[a].severity] || RULES[b].rank - RULES[a].rank,
);

export type { Rule, AcknowledgeEffect, AllVerifiedBlock } from './rule';
export type { AlertFields } from './fields';
export type { AlertText, Message, MessageArg } from './message';
export type { RuleFacts, RosterEntry, ContactFindings, CorruptFinding, KeyChange } from './facts';
export { SEVERITIES, SEVERITY_ORDER, type Severity } from './severity';
