// The conversation record after a snapshot: its new roster and level, and
// whether it is worth writing (anything but lastSeen changed, or lastSeen is stale).

import type { RosterSnapshot } from '../roster';
import { clip } from './alert-draft';
import { LAST_SEEN_RESOLUTION_MS } from './observe-contact';
import { sameKey } from './public-keys';
import type { ConversationLevel, ConversationRecord, RosterDevice, RosterMember } from './record-schemas';

/** Enough to show what went wrong; the snapshot-problem alert summarises the rest. */
export const MAX_STORED_PROBLEMS = 100;

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
    problems: snapshot.problems.slice(0, MAX_STORED_PROBLEMS).map((line) => clip(line)),
    level,
    levelSince: stored && stored.level === level ? stored.levelSince : now,
  };
  if (!stored) return { record, dirty: true };
  const material =
    stored.title !== c.title ||
    stored.kind !== c.kind ||
    stored.level !== level ||
    !sameList(stored.problems, record.problems, (a, b) => a === b) ||
    !sameList(stored.roster, roster, sameMember);
  return { record, dirty: material || now - stored.lastSeen >= LAST_SEEN_RESOLUTION_MS };
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]!));
}

const sameDevice = (a: RosterDevice, b: RosterDevice) =>
  a.id === b.id && a.vouch === b.vouch && a.encryptedTo === b.encryptedTo && sameKey(a.key, b.key);

function sameMember(a: RosterMember, b: RosterMember): boolean {
  return (
    a.id === b.id && a.name === b.name && a.shown === b.shown && a.isSelf === b.isSelf &&
    sameKey(a.identityKey, b.identityKey) && sameList(a.devices, b.devices, sameDevice)
  );
}
