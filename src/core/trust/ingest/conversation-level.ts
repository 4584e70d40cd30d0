// A conversation's level: 'all-verified' when every member (but the account
// holder) is verified and nothing is wrong with the roster; 'degraded' when it
// was all-verified and something happened, a latch that only the user clears by
// acknowledging the conversation-degraded alert; 'unverified' otherwise.

import type { AlertDraft } from '../alerts/alert-draft';
import { ALERT_KINDS, RULES, type RosterEntry } from '../rules';
import type { ConversationLevel, ConversationRecord, RosterMember } from '../store/record-schemas';
import type { TrustState } from '../trust-machine';
import type { RosterDiff } from './roster-diff';

/** A roster entry's trust, by its id and its index in the roster being read (which lets the ingest skip a map). */
export type TrustLookup = (contactId: string, at: number) => TrustState | undefined;

// The conditions the rules say keep a conversation from reading all verified.
const blocks = ALERT_KINDS.flatMap((kind) => RULES[kind].blocksAllVerified ?? []);
const entryBlocks = blocks.flatMap((b) => b.entry ?? []);
const conversationBlocks = blocks.flatMap((b) => b.conversation ?? []);

/**
 * True when every member shown (but the account holder) is verified, and the
 * conversation is free of every condition a rule marks as blocking (an unusable
 * identity key, a device its owner does not vouch for, a hidden participant, a
 * problem). Those count for everyone listed, member or not, so a conversation
 * never reads all-verified while one of those alerts applies to it.
 */
export function rosterAllVerified(roster: readonly RosterEntry[], trustOf: TrustLookup, problems: readonly string[]): boolean {
  if (conversationBlocks.some((holds) => holds({ problems }))) return false;
  let members = 0;
  for (let i = 0; i < roster.length; i++) {
    const m = roster[i]!;
    if (entryBlocks.some((holds) => holds(m))) return false;
    if (!m.shown || m.isSelf) continue;
    members += 1;
    if (trustOf(m.id, i) !== 'verified') return false;
  }
  return members > 0;
}

export interface LevelInput {
  stored: ConversationRecord | null;
  /** The stored roster's members that could be read. */
  storedRoster: readonly RosterMember[];
  /** False when part of the stored roster could not be read: then only the stored level says it was all verified. */
  storedComplete: boolean;
  trustBefore: TrustLookup;
  trustAfter: TrustLookup;
  roster: readonly RosterMember[];
  problems: readonly string[];
  /** The roster-stage alert drafts of this ingest. */
  drafts: readonly AlertDraft[];
  diff: RosterDiff;
}

export interface LevelOutcome {
  level: ConversationLevel;
  /** The conversation degrades with this ingest (raise conversation-degraded). */
  degradesNow: boolean;
}

function rosterMoved(diff: RosterDiff): boolean {
  return diff.added.length + diff.removed.length + diff.devicesAdded.length + diff.devicesRemoved.length > 0;
}

export function nextLevel(input: LevelInput): LevelOutcome {
  const { stored } = input;
  const wasAllVerified =
    stored !== null &&
    stored.level !== 'degraded' &&
    (stored.level === 'all-verified' ||
      (input.storedComplete && rosterAllVerified(input.storedRoster, input.trustBefore, stored.problems)));
  const isAllVerified = rosterAllVerified(input.roster, input.trustAfter, input.problems);
  const somethingHappened = rosterMoved(input.diff) || input.drafts.some((d) => RULES[d.rule].severity !== 'info');
  if (wasAllVerified && (!isAllVerified || somethingHappened)) return { level: 'degraded', degradesNow: true };
  if (stored?.level === 'degraded') return { level: 'degraded', degradesNow: false };
  return { level: isAllVerified ? 'all-verified' : 'unverified', degradesNow: false };
}
