// What an alert says it is about, in fields: every rule fills the same ones
// (null where they do not apply). The kind is not among them: a rule does not
// know its own name, the index (rules/index.ts) does.

import type { DeviceVouch, PublicKeyRef, RosterSnapshot } from '../../roster';

export interface AlertFields {
  origin: string;
  account: string;
  conversationId: string | null;
  conversationTitle: string | null;
  contactId: string | null;
  contactName: string | null;
  key: PublicKeyRef | null;
  previousKey: PublicKeyRef | null;
  deviceId: string | null;
  vouch: DeviceVouch | null;
  /** A problem text, a refusal reason, or a summary of several. */
  detail: string | null;
  /** For record-corrupt: the damaged record's key and where it was set aside. */
  recordKey: string | null;
  quarantineKey: string | null;
  /**
   * For device-added: the owner's identity key that signed the device, when that
   * key is new and nobody accepted or verified it yet (it changed in the same
   * snapshot, or its change is still unacknowledged); null otherwise. A device
   * vouched for by such a key is vouched for by whoever holds it.
   */
  newIdentityKey: PublicKeyRef | null;
}

export const EMPTY_FIELDS = {
  conversationId: null,
  conversationTitle: null,
  contactId: null,
  contactName: null,
  key: null,
  previousKey: null,
  deviceId: null,
  vouch: null,
  detail: null,
  recordKey: null,
  quarantineKey: null,
  newIdentityKey: null,
} as const satisfies Partial<AlertFields>;

/** Stored details stay well inside the record's text bound. */
export const MAX_DETAIL_LENGTH = 1000;

export function clip(text: string, max = MAX_DETAIL_LENGTH): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The fields of an alert raised in the snapshot's conversation. */
export function fieldsIn(snapshot: RosterSnapshot, fields: Partial<AlertFields>): AlertFields {
  // Spelled out rather than spread: first sight of a large group makes thousands of these.
  return {
    origin: snapshot.messenger,
    account: snapshot.account,
    conversationId: snapshot.conversation.id,
    conversationTitle: snapshot.conversation.title,
    contactId: fields.contactId ?? null,
    contactName: fields.contactName ?? null,
    key: fields.key ?? null,
    previousKey: fields.previousKey ?? null,
    deviceId: fields.deviceId ?? null,
    vouch: fields.vouch ?? null,
    detail: fields.detail ?? null,
    recordKey: fields.recordKey ?? null,
    quarantineKey: fields.quarantineKey ?? null,
    newIdentityKey: fields.newIdentityKey ?? null,
  };
}
