// How a conversation stands, as the popup, the verify page and anything green
// say it. Good news ("Everyone verified") only over a complete, fresh, checked
// roster:
// - complete: every part of the saved roster could be read;
// - fresh: the latest observation of this tab's document was read and taken in,
//   it is of the conversation shown, no report from the tab is being checked
//   now, nothing since could hide part of the current state (a gap that blocks),
//   the roster is not one shown from memory while the page starts up, and the
//   tab said which document it shows when asked;
// - checked: every member but the account holder is verified now, by the
//   contacts' current trust (not the level stored at the last snapshot, so a
//   trust action shows at once), and no rule's blocking condition holds (a
//   device nobody vouches for, a hidden participant, problem lines in the data).
// 'degraded' (a latch the user releases by acknowledging its alert) is bad news
// already and stays shown; otherwise a roster that is not complete and fresh is
// 'not-checked', with the reasons; then 'all-verified' or 'unverified'.

import type { ConversationLevel } from '../core/trust';
import { GAP_KINDS, sameDocument, type GapKind, type TabCoverage } from './coverage';

export type Standing = ConversationLevel | 'not-checked';
export const STANDINGS = ['all-verified', 'unverified', 'degraded', 'not-checked'] as const satisfies readonly Standing[];

export const NOT_CHECKED_KINDS = ['gap', 'pending', 'not-read', 'roster-damaged', 'remembered', 'unconfirmed'] as const;

/** Why a conversation's roster is not complete, fresh and checked. */
export type NotCheckedReason =
  /** A gap in what was read that can hide part of the current state (coverage.ts). */
  | { kind: 'gap'; gap: GapKind; count: number }
  /** A report from this tab is being checked right now. */
  | { kind: 'pending' }
  /** Nothing of this conversation was read in the tab's current document. */
  | { kind: 'not-read' }
  /** Part of the saved roster could not be read (a damaged record). */
  | { kind: 'roster-damaged' }
  /** The people shown are the ones last taken in, from memory: the page's client has not listed the room's members yet. */
  | { kind: 'remembered' }
  /** The tab did not say in time which document it shows (its page kept its thread busy): the last state read there. */
  | { kind: 'unconfirmed' };

export interface StandingInput {
  /** The level stored at the last snapshot: only its 'degraded' latch is taken from it. */
  storedLevel: ConversationLevel;
  /** Every member but the account holder verified, and no rule's blocking condition, by the contacts' current trust. */
  allVerifiedNow: boolean;
  conversationKey: string;
  coverage: TabCoverage | null;
  /** The tab's current document (address without fragment). */
  document: string;
  /** The tab's current document's id, when known. */
  documentId?: string | null;
  pending: boolean;
  rosterComplete: boolean;
  /** The roster is shown from memory, not yet confirmed by the page (a Matrix client starting up). */
  remembered?: boolean;
  /** The tab's top frame did not answer, in time, which document it shows. */
  unconfirmed?: boolean;
}

export function notCheckedReasons(input: Omit<StandingInput, 'storedLevel' | 'allVerifiedNow'>): NotCheckedReason[] {
  const reasons: NotCheckedReason[] = [];
  if (input.pending) reasons.push({ kind: 'pending' });
  const coverage =
    input.coverage !== null && sameDocument(input.coverage, input.document, input.documentId ?? null) ? input.coverage : null;
  if (coverage?.lastRead?.conversationKey !== input.conversationKey) reasons.push({ kind: 'not-read' });
  for (const g of coverage?.gaps ?? []) if (GAP_KINDS[g.kind].blocks) reasons.push({ kind: 'gap', gap: g.kind, count: g.count });
  if (!input.rosterComplete) reasons.push({ kind: 'roster-damaged' });
  if (input.remembered === true) reasons.push({ kind: 'remembered' });
  if (input.unconfirmed === true) reasons.push({ kind: 'unconfirmed' });
  return reasons;
}

export function standingOf(input: StandingInput): { standing: Standing; notChecked: NotCheckedReason[] } {
  const notChecked = notCheckedReasons(input);
  if (input.storedLevel === 'degraded') return { standing: 'degraded', notChecked };
  if (notChecked.length > 0) return { standing: 'not-checked', notChecked };
  return { standing: input.allVerifiedNow ? 'all-verified' : 'unverified', notChecked };
}
