// The view of one tab, shared by the background (which builds it from storage
// only), the popup and the verify page: the conversation it shows and what
// KeyWatch thinks of each person in it.
import type { ConversationRef, DeviceVouch, PublicKeyRef } from '../core/roster';
import type { Message, Severity, TrustState } from '../core/trust';
import type { CoverageView } from './coverage';
import type { NotCheckedReason, Standing } from './standing';
import type { LookAlike } from './look-alike';

export type { Severity, Standing, NotCheckedReason, CoverageView };

export interface DeviceRow {
  id: string;
  key: PublicKeyRef | null;
  vouch: DeviceVouch;
  encryptedTo: boolean;
  /** The account holder's device this browser runs as, where the page says so (page protocol `accountDevice`). */
  thisBrowser?: boolean;
}

export interface ParticipantRow {
  id: string;
  name: string;
  isSelf: boolean;
  shown: boolean;
  identityKey: PublicKeyRef | null;
  identityProblem: string | null;
  devices: DeviceRow[];
  /** The contact's trust state in the trust store. */
  trust: TrustState;
  /** Worst open alert about this person, if any. */
  worst: Severity | null;
  /** KeyWatch has not seen this person's keys (Matrix: not fetched by the client yet, or their server did not answer). */
  notChecked?: boolean;
  /** Why the name needs the id beside it (another person here looks the same, or the name is forged-looking); null when it does not. */
  lookAlike: LookAlike | null;
}

export interface AlertRow {
  id: string;
  severity: Severity;
  /** What happened, and exactly what acknowledging accepts: messages the page renders in its language. */
  summary: Message;
  accepts: Message;
  at: number;
  subject: string | null;
}

/**
 * Information notices (mostly first sight) the view carries at most: a big group
 * brings hundreds at once, and the popup lists only the newest; every one stays in
 * the records page. Warnings and critical alerts are always carried whole.
 */
export const INFO_NOTICES_CARRIED = 50;

/** What the popup shows above the list: the conversation and how it stands. */
export interface TabViewHead {
  origin: string;
  /** Why there is nothing (or less) to show, in plain words; null when all is well. */
  problem: string | null;
  conversation: ConversationRef | null;
  account: string | null;
  /**
   * Whole-conversation standing, live from the contacts' current trust;
   * 'all-verified' only over a complete, fresh, checked roster (standing.ts).
   */
  standing: Standing;
  /** Why the standing is 'not-checked'; empty otherwise. */
  notChecked: NotCheckedReason[];
  /** What KeyWatch read in this tab and when, and what it could not (coverage.ts); null when the tab shows no conversation. */
  coverage: CoverageView | null;
  /** Matrix: members shown whose keys KeyWatch has not seen; the popup offers to ask the page's client for them. */
  uncheckedMembers?: number;
  updatedAt: number;
  /** What KeyWatch cannot see on this page however it reads it, as message keys (the coverage line says them). */
  blindSpots: string[];
}

/** The whole view: every participant, the alerts. Group numbers are computed from this only. */
export interface TabView extends TabViewHead {
  participants: ParticipantRow[];
  /**
   * False when part of the saved roster could not be read (a damaged chunk):
   * the participants shown are then only some of them, and no group number may
   * be computed from them.
   */
  rosterComplete: boolean;
  /** Every open warning and critical alert, and the newest open information notices. */
  alerts: AlertRow[];
  /** How many information notices are open in all, carried or not. */
  infoNotices: number;
}

/**
 * The first screenful of a conversation, sent before the whole view so a big
 * one shows at once: the first rows in display order (participant-order.ts),
 * plus the account holder, and how many people there are in all.
 */
export interface TabViewStart extends TabViewHead {
  firstRows: ParticipantRow[];
  participantCount: number;
}
