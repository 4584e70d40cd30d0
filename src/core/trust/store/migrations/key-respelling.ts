// Records written before every key had one spelling (docs/storage.md,
// "Version 3 → 4"): a Curve25519 key stored as its 32 bytes and as 0x05 ‖ u was
// two keys to a text comparison. Each record is given the canonical spelling
// (core/key-spelling.ts); entries that were one key under two spellings are
// united; what the two spellings made up is undone:
// - a contact whose only key ever seen is one key again gets back the trust a
//   spelling took away (verified, when they were verified at that key);
// - a key-change alert from a key to itself is removed: that change never happened;
//   so are a device "added" and "no longer listed" by one snapshot under two spellings;
// - alerts are keyed by their content, so an alert whose key was respelled moves
//   to its new id (two that become one are merged, an acknowledgement kept).

import { respelledKey } from '../../../key-spelling';
import type { PublicKeyRef } from '../../../roster';
import { alertIdOf } from '../../alerts/alert-id';
import { copyKey, keyToken, sameKey } from '../../public-keys';
import { RULES } from '../../rules';
import type { TrustState } from '../../trust-machine';
import { readValue } from '../read-record';
import {
  AlertRecordSchema,
  ContactRecordSchema,
  RosterChunkRecordSchema,
  type AlertRecord,
  type ContactRecord,
  type RosterChunkRecord,
} from '../record-schemas';
import { alertKey, parseStorageKey } from '../storage-keys';
import type { MigrationStep } from './migration-step';

const respelled = (key: PublicKeyRef | null) => respelledKey(key) !== key;

/** Whether an alert record still holds a key in another spelling (a leftover of an interrupted respelling). */
export function alertNeedsRespelling(alert: Pick<AlertRecord, 'key' | 'previousKey' | 'newIdentityKey'>): boolean {
  return respelled(alert.key) || respelled(alert.previousKey) || respelled(alert.newIdentityKey ?? null);
}

/**
 * Whether a stored value (read as found, not yet validated) names a key in a
 * spelling other than the canonical one: how a version 3 store without its
 * schema record is told from a version 4 one.
 */
export function holdsKeyInAnotherSpelling(storageKey: string, value: unknown): boolean {
  const kind = parseStorageKey(storageKey).kind;
  if (kind !== 'contact' && kind !== 'roster-chunk' && kind !== 'alert') return false;
  const found = (x: unknown, depth: number): boolean => {
    if (typeof x !== 'object' || x === null || depth > 6) return false;
    if (Array.isArray(x)) return x.some((item) => found(item, depth + 1));
    const o = x as Record<string, unknown>;
    if ((o.algorithm === 'curve25519' || o.algorithm === 'ed25519') && typeof o.key === 'string')
      return respelled({ algorithm: o.algorithm, key: o.key });
    return Object.values(o).some((item) => found(item, depth + 1));
  };
  return found(value, 0);
}

/**
 * Respells the keys of every contact, roster chunk and alert in `store` (only
 * `only`, when given). Records that do not read as sound are left as they are,
 * for the start-up check. `now` is when a trust a spelling took away comes back.
 */
export function respellStore(
  store: ReadonlyMap<string, unknown>,
  now: number,
  only?: Iterable<string>,
  /** Keep an alert already stored under the id a respelled one moves to, as it is (a leftover's copy). */
  keepExisting = false,
): MigrationStep {
  const step: MigrationStep = { set: new Map(), remove: [], setAside: [] };
  const movedAlerts = new Map<string, AlertRecord>();
  for (const key of only ?? store.keys()) {
    const value = store.get(key);
    const kind = parseStorageKey(key).kind;
    if (kind === 'contact') {
      const read = readValue(key, value, ContactRecordSchema);
      const after = read.status === 'ok' ? respellContact(read.value, now) : null;
      if (after) step.set.set(key, after);
    } else if (kind === 'roster-chunk') {
      const read = readValue(key, value, RosterChunkRecordSchema);
      const after = read.status === 'ok' ? respellChunk(read.value) : null;
      if (after) step.set.set(key, after);
    } else if (kind === 'alert') {
      const read = readValue(key, value, AlertRecordSchema);
      if (read.status !== 'ok' || !alertNeedsRespelling(read.value)) continue;
      const after = respellAlert(read.value);
      step.remove.push(key);
      if (after === null) continue;
      const target = alertKey(after.id);
      const stored = sameIdStored(store, target, key);
      if (keepExisting && stored) continue;
      const there = movedAlerts.get(target) ?? stored;
      movedAlerts.set(target, there ? mergeSameCondition(there, after) : after);
    }
  }
  for (const key of spellingOnlyDeviceChanges(store, movedAlerts)) {
    movedAlerts.delete(key);
    if (store.has(key)) step.remove.push(key);
  }
  for (const [key, alert] of movedAlerts) step.set.set(key, alert);
  // An alert respelled onto its own key stays: only the ones that moved leave.
  step.remove = step.remove.filter((key) => !step.set.has(key));
  return step;
}

/** The record already stored under the id an alert moves to (not the one moving). */
function sameIdStored(store: ReadonlyMap<string, unknown>, target: string, from: string): AlertRecord | null {
  if (target === from || !store.has(target)) return null;
  const read = readValue(target, store.get(target), AlertRecordSchema);
  return read.status === 'ok' && !alertNeedsRespelling(read.value) ? read.value : null;
}

/**
 * A device "added" and the same device, same key, "no longer listed" by one
 * snapshot: its key was spelled another way, nothing happened to it. (A device
 * really added then removed was raised by two snapshots.) The storage keys of both.
 */
function spellingOnlyDeviceChanges(store: ReadonlyMap<string, unknown>, moved: ReadonlyMap<string, AlertRecord>): string[] {
  const pairs = new Set<string>();
  for (const [key, alert] of moved) {
    if (alert.rule !== 'device-added' && alert.rule !== 'device-removed') continue;
    const rule = alert.rule === 'device-added' ? 'device-removed' : 'device-added';
    const partnerKey = alertKey(alertIdOf({ ...alert, rule }));
    const partner = moved.get(partnerKey) ?? sameIdStored(store, partnerKey, key);
    if (partner?.rule === rule && partner.firstRaised === alert.firstRaised) pairs.add(key).add(partnerKey);
  }
  return [...pairs];
}

function respellContact(c: ContactRecord, now: number): ContactRecord | null {
  const changed =
    respelled(c.currentKey) ||
    c.keys.some((k) => respelled(k.key)) ||
    c.devices.some((d) => respelled(d.key)) ||
    c.verifications.some((x) => respelled(x.key));
  if (!changed) return null;
  const keys = unite(
    c.keys.map((k) => ({ ...k, key: respelledKey(copyKey(k.key)) })),
    (k) => keyToken(k.key),
    (a, b) => ({ key: a.key, firstSeen: Math.min(a.firstSeen, b.firstSeen), lastSeen: Math.max(a.lastSeen, b.lastSeen) }),
  );
  const devices = unite(
    c.devices.map((d) => ({ ...d, key: respelledKey(copyKey(d.key)) })),
    (d) => `${d.id}\n${keyToken(d.key)}`,
    (a, b) => ({
      ...a,
      vouch: b.lastSeen > a.lastSeen ? b.vouch : a.vouch,
      firstSeen: Math.min(a.firstSeen, b.firstSeen),
      lastSeen: Math.max(a.lastSeen, b.lastSeen),
    }),
  );
  const verifications = unite(
    c.verifications.map((x) => ({ ...x, key: respelledKey(copyKey(x.key)) })),
    (x) => `${x.method}|${x.at}|${keyToken(x.key)}`,
    (a) => a,
  );
  const currentKey = respelledKey(copyKey(c.currentKey));
  const trust = trustBeforeSpelling(c.trust, keys, verifications, currentKey);
  return {
    ...c,
    keys,
    currentKey,
    devices,
    verifications,
    ...(trust === c.trust ? {} : { trust, trustSince: now, invalidReason: null }),
  };
}

/**
 * A contact whose keys are all one key never changed key: only a spelling did.
 * The trust that change cost comes back: verified when the user verified that
 * key (a key change, or accepting it, is the only way out of verified), first
 * seen otherwise (it cannot be told from accepted; first seen claims less).
 */
function trustBeforeSpelling(
  trust: TrustState,
  keys: readonly { key: PublicKeyRef }[],
  verifications: readonly { key: PublicKeyRef }[],
  current: PublicKeyRef | null,
): TrustState {
  if (keys.length !== 1 || current === null) return trust;
  const verifiedAtKey = verifications.some((x) => sameKey(x.key, current));
  if (verifiedAtKey && (trust === 'changed-after-verified' || trust === 'changed' || trust === 'accepted')) return 'verified';
  if (!verifiedAtKey && trust === 'changed') return 'first-seen';
  return trust;
}

function respellChunk(chunk: RosterChunkRecord): RosterChunkRecord | null {
  if (!chunk.members.some((m) => respelled(m.identityKey) || m.devices.some((d) => respelled(d.key)))) return null;
  return {
    ...chunk,
    members: chunk.members.map((m) => ({
      ...m,
      identityKey: respelledKey(copyKey(m.identityKey)),
      devices: m.devices.map((d) => ({ ...d, key: respelledKey(copyKey(d.key)) })),
    })),
  };
}

/** The alert in the one spelling, with the id its content now gives; null for a change from a key to itself. */
function respellAlert(alert: AlertRecord): AlertRecord | null {
  const key = respelledKey(copyKey(alert.key));
  const previousKey = respelledKey(copyKey(alert.previousKey));
  const isKeyChange = alert.rule === 'key-changed' || alert.rule === 'verified-key-changed';
  if (isKeyChange && key !== null && sameKey(key, previousKey)) return null;
  const fields = { ...alert, key, previousKey, newIdentityKey: respelledKey(copyKey(alert.newIdentityKey ?? null)) };
  return { ...fields, id: alertIdOf(fields) };
}

/**
 * Two records of one condition (two spellings of its key): fields from the one
 * raised last, the widest times. An acknowledgement holds if the rule keeps an
 * acknowledged condition closed (it was the same condition); for a rule that
 * reopens on a repeat, the state of the one raised last.
 */
function mergeSameCondition(a: AlertRecord, b: AlertRecord): AlertRecord {
  const later = b.lastRaised > a.lastRaised ? b : a;
  const closing = RULES[a.rule].reopens
    ? later.state === 'acknowledged'
      ? later
      : null
    : ([a, b].filter((x) => x.state === 'acknowledged').sort((x, y) => x.acknowledgedAt! - y.acknowledgedAt!)[0] ?? null);
  return {
    ...later,
    state: closing ? 'acknowledged' : 'open',
    acknowledgedAt: closing ? closing.acknowledgedAt : null,
    acknowledgedBy: closing ? closing.acknowledgedBy : null,
    firstRaised: Math.min(a.firstRaised, b.firstRaised),
    lastRaised: Math.max(a.lastRaised, b.lastRaised),
    lastSeen: Math.max(a.lastSeen, b.lastSeen),
    occurrences: Math.max(a.occurrences, b.occurrences),
  };
}

/** One entry per identity, joined, in the order first seen (ties: as listed). */
function unite<T extends { firstSeen?: number; at?: number }>(
  items: readonly T[],
  identity: (x: T) => string,
  join: (a: T, b: T) => T,
): T[] {
  const byId = new Map<string, { item: T; order: number }>();
  for (const item of items) {
    const id = identity(item);
    const known = byId.get(id);
    byId.set(id, known ? { item: join(known.item, item), order: known.order } : { item, order: byId.size });
  }
  const when = (x: T) => x.firstSeen ?? x.at ?? 0;
  return [...byId.values()].sort((a, b) => when(a.item) - when(b.item) || a.order - b.order).map((x) => x.item);
}
