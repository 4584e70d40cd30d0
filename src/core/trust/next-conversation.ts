// The conversation record after a snapshot: its new roster and level, and
// whether it is worth writing (anything but lastSeen changed, or lastSeen is stale).

import type { RosterSnapshot } from '../roster';
import { LAST_SEEN_RESOLUTION_MS } from './observe-contact';
import type { ConversationLevel, ConversationRecord, RosterMember } from './record-schemas';

export function nextConversation(
  stored: ConversationRecord | null,
  snapshot: RosterSnapshot,
  roster: RosterMember[],
  level: ConversationLevel,
  now: number,
): { record: ConversationRecord; dirty: boolean } {
  const { conversation: c } = snapshot;
  const record: ConversationRecord = {
    origin: snapshot.messenger,
    account: snapshot.account,
    conversationId: c.id,
    title: c.title,
    kind: c.kind,
    firstSeen: stored?.firstSeen ?? now,
    lastSeen: Math.max(stored?.lastSeen ?? now, now),
    roster,
    problems: [...snapshot.problems],
    level,
    levelSince: stored && stored.level === level ? stored.levelSince : now,
  };
  if (!stored) return { record, dirty: true };
  const material =
    stored.title !== c.title ||
    stored.kind !== c.kind ||
    stored.level !== level ||
    JSON.stringify(stored.problems) !== JSON.stringify(record.problems) ||
    JSON.stringify(stored.roster) !== JSON.stringify(roster);
  return { record, dirty: material || now - stored.lastSeen >= LAST_SEEN_RESOLUTION_MS };
}
