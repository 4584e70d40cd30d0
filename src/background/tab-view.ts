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

/**
 * Information notices (mostly first sight) the view carries at most: a big group
 * brings hundreds at once, and the popup lists only the newest; every one stays in
 * the records page. Warnings and critical alerts are always carried whole.
 */
export const INFO_NOTICES_CARRIED = 50;

export interface TabView {
  origin: string;
  /** Why there is nothing (or less) to show, in plain words; null when all is well. */
  problem: string | null;
  conversation: ConversationRef | null;
  account: string | null;
  participants: ParticipantRow[];
  /** Every open warning and critical alert, and the newest open information notices. */
  alerts: AlertRow[];
  /** How many information notices are open in all, carried or not. */
  infoNotices: number;
  /** Whole-conversation standing, e.g. all-verified, degraded, unverified. */
  standing: string;
  updatedAt: number;
}
