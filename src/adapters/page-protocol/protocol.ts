// The KeyWatch page protocol, version 1: the document a web messenger keeps in
// its page to tell KeyWatch who is in the open conversation and which devices it
// encrypts to. These are the wire types exactly as a page writes them; nothing
// here is trusted until KeyWatch's validator has checked it.
// Specification: docs/page-protocol.md. JSON Schema: docs/page-protocol.schema.json.

/** The only version this file describes. Any other value is refused. */
export const PAGE_PROTOCOL_VERSION = 1;

/**
 * The page keeps one `<script type="application/keywatch+json" id="keywatch-disclosure">`.
 * A script element with that id and another type, or more than one with that id, is an error.
 */
export const DISCLOSURE_ELEMENT_ID = 'keywatch-disclosure';
export const DISCLOSURE_MIME_TYPE = 'application/keywatch+json';

/**
 * Size limits. The text limit is in UTF-16 code units (the element's
 * `textContent.length`); every string limit is in Unicode code points, as JSON
 * Schema's maxLength counts them.
 */
export const PAGE_PROTOCOL_LIMITS = {
  /**
   * Whole element text: larger is refused whole, unparsed. 16 MiB, so that the
   * participant limit and not the text decides how large a roster can be:
   * 5,000 participants fit with up to 13 devices each at usual lengths, and 7
   * each with every id and name at its longest (docs/page-protocol.md;
   * page-protocol-limits.test.ts builds both).
   */
  maxTextLength: 16_777_216,
  maxMessengerLength: 64,
  maxParticipants: 5_000,
  maxDevicesPerParticipant: 64,
  /** Participant ids and `account` (which names a participant). */
  maxParticipantIdLength: 256,
  maxNameLength: 256,
  maxDeviceIdLength: 128,
  maxConversationIdLength: 256,
  maxTitleLength: 256,
} as const;

/** Decoded byte lengths each key algorithm allows. */
export const KEY_BYTE_LENGTHS = {
  /** The raw Ed25519 public key. */
  ed25519: [32],
  /** Signal's `0x05 ‖ u` serialization, or the raw 32-byte u coordinate. */
  curve25519: [33, 32],
} as const;

/** Refusal reason for a version other than 1, with N replaced by the value seen. */
export function unsupportedVersionReason(version: unknown): string {
  return `unsupported page-protocol version ${String(version)}`;
}

export type DisclosedKeyAlgorithm = keyof typeof KEY_BYTE_LENGTHS;

/** A public key exactly as the messenger serializes it, in standard padded base64. */
export interface DisclosedKey {
  algorithm: DisclosedKeyAlgorithm;
  key: string;
}

export interface DisclosedDevice {
  /** 1–128 code points, no control characters, unique within its participant. */
  id: string;
  key: DisclosedKey;
  /**
   * Base64 of the 64-byte signature by the owner's identity key over the decoded
   * bytes of `key.key`; null when the messenger has none. Copied as served, never checked by the page.
   */
  signature: string | null;
  /** The page encrypts outgoing messages in this conversation to this device. */
  encryptedTo: boolean;
}

export interface DisclosedParticipant {
  /** Stable id: 1–256 code points, no control characters, unique in `participants`. */
  id: string;
  /** Display name, at most 256 code points. Untrusted text. */
  name: string;
  identityKey: DisclosedKey;
  /** The page shows this person as a member of the conversation. */
  shown: boolean;
  /** At most 64. */
  devices: DisclosedDevice[];
}

export type DisclosedConversationKind = 'direct' | 'group';

export interface DisclosedConversation {
  /** 1–256 code points, no control characters. */
  id: string;
  /** At most 256 code points. */
  title: string;
  kind: DisclosedConversationKind;
}

/** The whole document, the JSON text of the disclosure element. */
export interface PageDisclosureV1 {
  version: typeof PAGE_PROTOCOL_VERSION;
  /** Product name, at most 64 code points, display only. */
  messenger: string;
  /** Stable id of the signed-in user; the participant with this id is the account holder. */
  account: string;
  /**
   * Optional: the id of this page's own device among the account holder's
   * devices (this browser), so KeyWatch can say which one it is. Display only;
   * a value naming none of their devices marks none.
   */
  accountDevice?: string | null;
  /** Null when no conversation is open; `participants` then lists the account holder alone. */
  conversation: DisclosedConversation | null;
  /** At most 5,000 entries, the account holder included. */
  participants: DisclosedParticipant[];
}
