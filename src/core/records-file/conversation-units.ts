// A conversation is stored as its record plus whatever else the store keeps
// under the same conversation (its roster, in chunks since schema version 2).
// Those records describe one snapshot together, so an import never mixes
// them: the side that saw the conversation last is taken whole (ours on a
// tie), and the first sighting is the earlier of the two. Our degraded latch
// is kept: only the user's acknowledgement here releases it.

import {
  conversationKey,
  ConversationRecordSchema,
  MAX_ROSTER_CHUNKS,
  parseStorageKey,
  readValue,
  readWith,
  rosterChunkKey,
  validateRecordAt,
  type ConversationRecord,
  type StoreRead,
} from '../trust';

export interface ConversationUnit {
  origin: string;
  account: string;
  conversationId: string;
  /** The conversation record's key (present or not). */
  conversationKey: string | null;
  /** Every key of the unit, the conversation record's included. */
  keys: string[];
}

/** Groups the keys that belong to a conversation (any key naming a conversation id) by conversation. */
export function conversationUnits(keys: Iterable<string>): Map<string, ConversationUnit> {
  const units = new Map<string, ConversationUnit>();
  for (const key of keys) {
    const where = parseStorageKey(key);
    if (!('conversationId' in where)) continue;
    const id = unitId(where);
    const unit = units.get(id) ?? {
      origin: where.origin,
      account: where.account,
      conversationId: where.conversationId,
      conversationKey: null,
      keys: [],
    };
    unit.keys.push(key);
    if (where.kind === 'conversation') unit.conversationKey = key;
    units.set(id, unit);
  }
  return units;
}

export function unitId(where: { origin: string; account: string; conversationId: string }): string {
  return JSON.stringify([where.origin, where.account, where.conversationId]);
}

/**
 * The same conversation's unit in a store read key by key: its record and
 * every roster chunk index a conversation can have (a chunk left beyond a
 * smaller count belongs to it too). Undefined when the store has none of them.
 */
export function storedUnit(
  read: StoreRead,
  where: { origin: string; account: string; conversationId: string },
): ConversationUnit | undefined {
  const record = conversationKey(where.origin, where.account, where.conversationId);
  const keys = [
    record,
    ...Array.from({ length: MAX_ROSTER_CHUNKS }, (_, i) => rosterChunkKey(where.origin, where.account, where.conversationId, i)),
  ];
  const present = keys.filter((key) => read(key) !== undefined);
  if (present.length === 0) return undefined;
  return { ...where, conversationKey: present[0] === record ? record : null, keys: present };
}

export type UnitMerge =
  | { status: 'added' | 'updated' | 'unchanged'; writes: Record<string, unknown>; deletes: string[] }
  | { status: 'skipped'; key: string; reason: string };

export function mergeUnit(
  readMine: StoreRead,
  mine: ConversationUnit | undefined,
  theirsStore: Readonly<Record<string, unknown>>,
  theirs: ConversationUnit,
): UnitMerge {
  if (theirs.conversationKey === null)
    return { status: 'skipped', key: theirs.keys[0]!, reason: 'the file has a roster without its conversation' };
  const theirRecord = readValue(theirs.conversationKey, theirsStore[theirs.conversationKey], ConversationRecordSchema);
  if (theirRecord.status !== 'ok')
    return { status: 'skipped', key: theirs.conversationKey, reason: "the file's conversation record is unreadable" };
  const copyOf = (unit: ConversationUnit, store: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(unit.keys.map((key) => [key, JSON.parse(JSON.stringify(store[key]))]));

  if (!mine) return { status: 'added', writes: copyOf(theirs, theirsStore), deletes: [] };
  for (const key of mine.keys) {
    const check = validateRecordAt(key, readMine(key));
    if (check.status === 'corrupt') return { status: 'skipped', key, reason: check.reason };
  }
  if (mine.conversationKey === null) {
    // Records of a conversation whose own record is gone here: theirs is the only whole one.
    return { status: 'updated', writes: copyOf(theirs, theirsStore), deletes: mine.keys.filter((k) => !theirs.keys.includes(k)) };
  }
  const myRecord = readWith(readMine, mine.conversationKey, ConversationRecordSchema);
  if (myRecord.status !== 'ok')
    return { status: 'skipped', key: mine.conversationKey, reason: 'the stored conversation record is unreadable' };
  const firstSeen = Math.min(myRecord.value.firstSeen, theirRecord.value.firstSeen);

  if (theirRecord.value.lastSeen > myRecord.value.lastSeen) {
    const writes = copyOf(theirs, theirsStore);
    writes[theirs.conversationKey] = { ...(writes[theirs.conversationKey] as object), firstSeen, ...degradedLatch(myRecord.value) };
    return { status: 'updated', writes, deletes: mine.keys.filter((k) => !theirs.keys.includes(k)) };
  }
  if (firstSeen < myRecord.value.firstSeen) {
    const record = JSON.parse(JSON.stringify(readMine(mine.conversationKey))) as object;
    return { status: 'updated', writes: { [mine.conversationKey]: { ...record, firstSeen } }, deletes: [] };
  }
  return { status: 'unchanged', writes: {}, deletes: [] };
}

/**
 * Our level when it is the degraded latch: a file that saw the conversation later
 * all verified must not release it (the popup would say everyone is verified while
 * conversation-degraded is still open here).
 */
function degradedLatch(mine: ConversationRecord): Partial<ConversationRecord> {
  return mine.level === 'degraded' ? { level: mine.level, levelSince: mine.levelSince } : {};
}
