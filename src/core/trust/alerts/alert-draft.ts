// An alert before it is stored: what a rule found, in fields. Its id is
// derived from the fields the rule names as its identity, so the same
// condition found again (in another tab, another conversation, a later
// snapshot) has the same id and never makes a duplicate.

import type { DeviceVouch, PublicKeyRef } from '../../roster';
import type { AlertRule } from './alert-kinds';

export interface AlertDraft {
  rule: AlertRule;
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
}

export const EMPTY_DRAFT_FIELDS = {
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
} as const satisfies Partial<AlertDraft>;

/** Stored details stay well inside the record's text bound. */
export const MAX_DETAIL_LENGTH = 1000;

export function clip(text: string, max = MAX_DETAIL_LENGTH): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
