// The messenger-neutral view of one open conversation. Adapters turn what a page
// disclosed into a RosterSnapshot; the trust logic only ever sees this shape.
// Every verdict in here (vouch, identityProblem) is computed by KeyWatch's own
// verifier, never copied from the page.

export type KeyAlgorithm = 'curve25519' | 'ed25519';

/**
 * A public key in its one canonical spelling (key-spelling.ts): standard padded
 * base64 of 0x05 ‖ u for Curve25519, of the 32 bytes for Ed25519. Adapters
 * convert every key to it, so two references are the same key when their fields are equal.
 */
export interface PublicKeyRef {
  algorithm: KeyAlgorithm;
  key: string;
}

/**
 * Whether the owner's identity key vouches for a device:
 * - signed: a valid signature by the owner's identity key (or, on Matrix, a valid cross-signing chain);
 * - unsigned: no signature at all;
 * - bad-signature: a signature that does not verify, or one made by another key;
 * - invalid-key: the device key itself is malformed or unsafe, so nothing can vouch for it.
 */
export const DEVICE_VOUCHES = ['signed', 'unsigned', 'bad-signature', 'invalid-key'] as const;
export type DeviceVouch = (typeof DEVICE_VOUCHES)[number];

export interface DeviceView {
  /** Unique within its participant. */
  id: string;
  key: PublicKeyRef | null;
  vouch: DeviceVouch;
  /** The page says it encrypts messages to this device. */
  encryptedTo: boolean;
  /**
   * A device that stands in for its owner while they are offline and is replaced
   * about weekly (Matrix MSC3814, "dehydrated"), as the device itself says in its
   * signed keys. Absent for messengers without such devices.
   */
  dehydrated?: boolean;
}

export interface ParticipantView {
  /** Stable identifier, unique within the messenger (not a display name). */
  id: string;
  /** Display name as the page gave it: untrusted text, always rendered escaped. */
  name: string;
  /** Null when the page gave none or it failed validation (see identityProblem). */
  identityKey: PublicKeyRef | null;
  identityProblem: string | null;
  /**
   * Why there is no identity key, when it is not a fault of the key itself:
   * - absent: the messenger publishes none for this person (a Matrix user
   *   without cross-signing: old clients, many bridges);
   * - unchecked: KeyWatch has not seen their keys (not fetched yet, or their
   *   server did not answer), so nothing about them was checked.
   * Absent when the key is there, or was given but failed validation.
   */
  identityStatus?: IdentityStatus;
  /** The page shows this person as a member of the conversation. */
  shown: boolean;
  /** The account holder (the local party of every safety number). */
  isSelf: boolean;
  devices: DeviceView[];
}

export const IDENTITY_STATUSES = ['absent', 'unchecked'] as const;
export type IdentityStatus = (typeof IDENTITY_STATUSES)[number];

export type ConversationKind = 'direct' | 'group';

export interface ConversationRef {
  id: string;
  title: string;
  kind: ConversationKind;
}

export type AdapterName = 'page-protocol' | 'matrix';

export interface RosterSnapshot {
  /** Origin of the messenger's page, set by the background from the sender's tab, never by the page. */
  messenger: string;
  adapter: AdapterName;
  /** Stable id of the account holder; also present in participants with isSelf. */
  account: string;
  /**
   * The account holder's device in this browser, as the page names it (Matrix:
   * the client's own record of its login), when the page says. The page is the
   * sender, so it does not encrypt to this device.
   */
  accountDevice?: string;
  conversation: ConversationRef;
  participants: ParticipantView[];
  /** Non-fatal faults found while reading or verifying, one human-readable line each. */
  problems: string[];
  /** What the adapter knows it did not read since its last snapshot; absent when it missed nothing. */
  unread?: UnreadReport;
}

/**
 * Observations missed before a snapshot: each snapshot that carries any is one
 * more occurrence of the conversation's problem alert (rules/snapshot-problem.ts).
 */
export interface UnreadReport {
  /** Page states that came and went faster than KeyWatch could read them (the latest one is this snapshot). */
  states?: number;
  /** Responses the page received that were not read (too large, too many at once). */
  responses?: number;
}

/** A participant is "encrypted to" when the page encrypts to at least one of their devices. */
export function isEncryptedTo(participant: Pick<ParticipantView, 'devices'>): boolean {
  return participant.devices.some((d) => d.encryptedTo);
}

/** Encrypted to by the page without being shown: a hidden participant (the account holder is the sender, never hidden). */
export function isHiddenParticipant(participant: Pick<ParticipantView, 'isSelf' | 'shown' | 'devices'>): boolean {
  return !participant.isSelf && !participant.shown && isEncryptedTo(participant);
}
