// What an alert rule is: everything one kind of alert means, in one object.
// Each rules/<kind>.ts exports one; rules/index.ts names them.

import type { AlertFields } from './fields';
import type { RosterEntry, RuleFacts } from './facts';
import type { AlertText } from './message';
import type { Severity } from './severity';

/**
 * What acknowledging an alert does beyond closing it (the code of each effect
 * lives once, in actions/acknowledge-effects.ts):
 * - 'accept-key': accepts the alert's key as the contact's key, while it is still their current key;
 * - 'release-degraded': releases the conversation's degraded latch;
 * - 'none': only closes it.
 */
export type AcknowledgeEffect = 'accept-key' | 'release-degraded' | 'none';

/**
 * The condition a rule reports, as a conversation must be free of it to read
 * "all verified": checked for every roster entry (member or not), or for the
 * conversation as a whole.
 */
export interface AllVerifiedBlock {
  entry?: (entry: RosterEntry) => boolean;
  conversation?: (conversation: { problems: readonly string[] }) => boolean;
}

export interface Rule {
  severity: Severity;
  /** Order among alerts of the same severity, loudest first. Unique across rules; also the order rules run in. */
  rank: number;
  /**
   * Whether firing again after the user acknowledged it reopens the alert (a
   * change that happened again) or leaves it closed (the same condition,
   * already accepted; a new key, device or verdict is a new condition with a new id).
   */
  reopens: boolean;
  /**
   * Whether each finding is one more occurrence of the same alert: while it is
   * open, a finding counts (occurrences, lastRaised and the latest fields)
   * instead of only noting that the condition still holds. Such a rule finds
   * only what is new, so one alert per identity counts every occurrence.
   */
  counts?: boolean;
  /** 'roster' rules run on the snapshot; 'conversation' rules after the conversation's level is known. */
  stage: 'roster' | 'conversation';
  /** The fields that make an alert's identity: its id hashes the kind, origin, account and these. */
  identity: (alert: AlertFields) => string[];
  detect: (facts: RuleFacts) => AlertFields[];
  /** `occurrences`: how many times a stored alert was raised (absent for a finding not stored yet). */
  text: (alert: AlertFields & { occurrences?: number }) => AlertText;
  acknowledge: AcknowledgeEffect;
  /**
   * Whether the user marking a contact's current key verified closes this
   * alert when it is about that contact (and, where its identity has one, that key).
   */
  closedByVerifying: boolean;
  /** The condition this rule reports keeps a conversation from reading all verified; null when it does not. */
  blocksAllVerified: AllVerifiedBlock | null;
}

export const contactOf = (a: AlertFields) => a.contactId ?? '';
export const conversationOf = (a: AlertFields) => a.conversationId ?? '';
