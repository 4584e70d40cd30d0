// The popup's view of one tab: the conversation it shows and what KeyWatch
// thinks of each person in it. Built by the background from storage only.
import type { ConversationRef, DeviceVouch, PublicKeyRef } from '../core/roster';

export type Severity = 'info' | 'warning' | 'critical';

export interface DeviceRow {
  id: string;
  key: PublicKeyRef | null;
  vouch: DeviceVouch;
  encryptedTo: boolean;
}

export interface ParticipantRow {
  id: string;
  name: string;
  isSelf: boolean;
  shown: boolean;
  identityKey: PublicKeyRef | null;
  identityProblem: string | null;
  devices: DeviceRow[];
  /** Trust state from the trust store, e.g. first-seen, verified, changed. */
  trust: string;
  /** Worst open alert about this person, if any. */
  worst: Severity | null;
}

export interface AlertRow {
  id: string;
  severity: Severity;
  summary: string;
  accepts: string;
  at: number;
  subject: string | null;
}

export interface TabView {
  origin: string;
  /** Why there is nothing (or less) to show, in plain words; null when all is well. */
  problem: string | null;
  conversation: ConversationRef | null;
  account: string | null;
  participants: ParticipantRow[];
  alerts: AlertRow[];
  /** Whole-conversation standing, e.g. all-verified, degraded, unverified. */
  standing: string;
  updatedAt: number;
}
