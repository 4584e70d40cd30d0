// Merging one contact from a records file into the one stored here. History
// is united: every key, device and verification either side has seen is kept.
// The current key and its trust come from one side only:
// - only one side has a key: that side;
// - both have the same key: the side whose trust says more (the user's own
//   verification first, then an invalid state, acceptance, and the unacknowledged
//   changes, loudest first). The file's `verified` counts only with a
//   verification of that key this store does not hold (listed in the review):
//   a mark this store already cleared (the key changed, or the record turned
//   invalid) is not restored by an older copy of itself;
// - the keys differ: a conflict. Nothing is chosen silently; the user decides
//   'mine' or 'theirs'. So a verified key is never replaced by another one
//   without the user saying so.

import {
  copyKey,
  keyToken,
  sameKey,
  type ContactRecord,
  type DeviceSighting,
  type KeySighting,
  type TrustState,
  type Verification,
} from '../trust';

export type ConflictChoice = 'mine' | 'theirs';

const TRUST_RANK: { readonly [S in TrustState]: number } = {
  unkeyed: 0,
  'first-seen': 1,
  changed: 2,
  'changed-after-verified': 3,
  accepted: 4,
  invalid: 5,
  verified: 6,
};

export type ContactMerge =
  | { status: 'merged'; record: ContactRecord }
  /** Both sides have a current key and they differ; `choice` was not given. */
  | { status: 'conflict' };

export function hasKeyConflict(mine: ContactRecord, theirs: ContactRecord): boolean {
  return mine.currentKey !== null && theirs.currentKey !== null && !sameKey(mine.currentKey, theirs.currentKey);
}

/** A key change this browser found and the user has not settled here: only the user, here, accepts it. */
const UNSETTLED_HERE: ReadonlySet<TrustState> = new Set(['changed', 'changed-after-verified']);

export function mergeContact(mine: ContactRecord, theirs: ContactRecord, choice: ConflictChoice | null): ContactMerge {
  let source: ContactRecord;
  if (hasKeyConflict(mine, theirs)) {
    if (choice === null) return { status: 'conflict' };
    source = choice === 'theirs' ? theirs : mine;
  } else if (mine.currentKey === null && theirs.currentKey !== null) {
    source = theirs;
  } else if (
    theirs.currentKey !== null &&
    TRUST_RANK[theirs.trust] > TRUST_RANK[mine.trust] &&
    // A file's acceptance does not settle a change open here (its alert stays open, and the next change would read
    // as that of a contact never verified); its verification does, listed in the review.
    !(theirs.trust === 'accepted' && UNSETTLED_HERE.has(mine.trust)) &&
    !(theirs.trust === 'verified' && !bringsVerificationOfCurrentKey(mine, theirs))
  ) {
    source = theirs;
  } else {
    source = mine;
  }
  const later = theirs.lastSeen > mine.lastSeen ? theirs : mine;
  const keys = unitedKeys(mine.keys, theirs.keys);
  const devices = unitedDevices(mine.devices, theirs.devices);
  // Either side saw them checked without keys: kept while the merged record still holds neither.
  const checkedWithoutKeys =
    keys.length === 0 && devices.length === 0 && (mine.checkedWithoutKeys === true || theirs.checkedWithoutKeys === true);
  return {
    status: 'merged',
    record: {
      origin: mine.origin,
      account: mine.account,
      contactId: mine.contactId,
      name: later.name,
      firstSeen: Math.min(mine.firstSeen, theirs.firstSeen),
      lastSeen: Math.max(mine.lastSeen, theirs.lastSeen),
      keys,
      currentKey: copyKey(source.currentKey),
      devices,
      verifications: unitedVerifications(mine.verifications, theirs.verifications),
      trust: source.trust,
      trustSince: source.trustSince,
      invalidReason: source.invalidReason,
      ...(checkedWithoutKeys ? { checkedWithoutKeys: true as const } : {}),
    },
  };
}

/** The file holds a verification of its current key that this store does not: what alone may make it verified here. */
function bringsVerificationOfCurrentKey(mine: ContactRecord, theirs: ContactRecord): boolean {
  const known = new Set(mine.verifications.map(verificationId));
  return theirs.verifications.some((x) => sameKey(x.key, theirs.currentKey) && !known.has(verificationId(x)));
}

/** What tells two verifications apart: the same method, time and key are the same verification (a copy of it). */
export const verificationId = (x: Pick<Verification, 'method' | 'at' | 'key'>) => `${x.method}|${x.at}|${keyToken(x.key)}`;

/** Items of both lists, one per identity, in the order first seen (ties: ours first). */
function united<T extends { firstSeen: number; lastSeen: number }>(
  ours: readonly T[],
  theirs: readonly T[],
  identity: (item: T) => string,
  join: (a: T, b: T) => T,
): T[] {
  const byId = new Map<string, { item: T; order: number }>();
  for (const item of [...ours, ...theirs]) {
    const id = identity(item);
    const known = byId.get(id);
    byId.set(id, known ? { item: join(known.item, item), order: known.order } : { item, order: byId.size });
  }
  return [...byId.values()].sort((a, b) => a.item.firstSeen - b.item.firstSeen || a.order - b.order).map((x) => x.item);
}

function unitedKeys(ours: readonly KeySighting[], theirs: readonly KeySighting[]): KeySighting[] {
  return united(
    ours,
    theirs,
    (k) => keyToken(k.key),
    (a, b) => ({
      key: a.key,
      firstSeen: Math.min(a.firstSeen, b.firstSeen),
      lastSeen: Math.max(a.lastSeen, b.lastSeen),
    }),
  ).map((k) => ({ ...k, key: copyKey(k.key) }));
}

function unitedDevices(ours: readonly DeviceSighting[], theirs: readonly DeviceSighting[]): DeviceSighting[] {
  // The verdict is the one seen last, as ingest keeps it.
  return united(
    ours,
    theirs,
    (d) => `${d.id}\u0000${keyToken(d.key)}`,
    (a, b) => ({
      id: a.id,
      key: a.key,
      vouch: b.lastSeen > a.lastSeen ? b.vouch : a.vouch,
      firstSeen: Math.min(a.firstSeen, b.firstSeen),
      lastSeen: Math.max(a.lastSeen, b.lastSeen),
    }),
  ).map((d) => ({ ...d, key: copyKey(d.key) }));
}

function unitedVerifications(ours: readonly Verification[], theirs: readonly Verification[]): Verification[] {
  const asSighting = (x: Verification) => ({ ...x, firstSeen: x.at, lastSeen: x.at });
  return united(ours.map(asSighting), theirs.map(asSighting), verificationId, (a) => a).map((x) => ({
    method: x.method,
    at: x.at,
    key: copyKey(x.key),
  }));
}
