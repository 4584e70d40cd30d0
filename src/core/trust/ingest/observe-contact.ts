// Folds one participant of a snapshot into that contact's record: keys and
// devices seen (never forgetting one), the trust state moved through the
// transition table, and the facts the alert rules need (first key, key
// change, devices never seen before).

import type { DeviceView, ParticipantView, PublicKeyRef } from '../../roster';
import { copyKey, keyToken, sameKey } from '../public-keys';
import type { ContactFindings } from '../rules';
import { LAST_SEEN_RESOLUTION_MS } from '../store/last-seen';
import type { ContactRecord, KeySighting } from '../store/record-schemas';
import { transition, type TrustEvent, type TrustState } from '../trust-machine';

/** What one sighting changed, for the rules (ContactFindings) and for the plan (the record before and after). */
export interface ContactObservation extends ContactFindings {
  before: ContactRecord | null;
  after: ContactRecord;
  /** Something besides lastSeen changed, or lastSeen is older than the resolution. */
  dirty: boolean;
  newDevices: readonly DeviceView[];
}

/** Shared by every sighting that adds no device (nearly all): one array, not one per participant. */
const NO_DEVICES: readonly DeviceView[] = Object.freeze([]);

const VERIFIED_BEFORE: ReadonlySet<TrustState> = new Set(['verified', 'changed-after-verified']);
/** A key change nobody acknowledged or verified yet: the current key is new and untrusted. */
const UNSETTLED: ReadonlySet<TrustState> = new Set(['changed', 'changed-after-verified']);

export function newContact(origin: string, account: string, p: ParticipantView, now: number): ContactRecord {
  return {
    origin,
    account,
    contactId: p.id,
    name: p.name,
    firstSeen: now,
    lastSeen: now,
    keys: [],
    currentKey: null,
    devices: [],
    verifications: [],
    trust: 'unkeyed',
    trustSince: now,
    invalidReason: null,
  };
}

/**
 * A stored contact to change: the sightings and devices this observation may change are copied (a stored value
 * is never changed in place), the key objects are shared, as nothing changes a key once made (a key seen anew is
 * copied from the snapshot), and so are the verifications, which no sighting changes. A lastSeen rewrite of 10,000
 * contacts made 40,000 key copies.
 */
function copyContact(c: ContactRecord): ContactRecord {
  return {
    ...c,
    keys: c.keys.map((k) => ({ ...k })),
    devices: c.devices.map((d) => ({ ...d })),
  };
}

/**
 * True when this sighting changes nothing worth writing: same name, the current
 * key (or none), the devices on record in order with the same verdicts, and
 * lastSeen still fresh. The usual case, checked without copying anything.
 */
function unchanged(before: ContactRecord, p: ParticipantView, now: number): boolean {
  return (
    now - before.lastSeen < LAST_SEEN_RESOLUTION_MS &&
    (before.checkedWithoutKeys === true || !seenWithoutKeys(p)) &&
    before.name === p.name &&
    (p.identityKey === null ||
      (before.currentKey !== null && sameKey(before.currentKey, p.identityKey) && transition(before.trust, 'same-key').illegal === null)) &&
    devicesOnRecord(before, p.devices, true)
  );
}

/** Their keys were checked, and they have neither an identity key nor a device. */
const seenWithoutKeys = (p: ParticipantView) => p.identityStatus === 'absent' && p.identityKey === null && p.devices.length === 0;

/**
 * Keeps the mark of someone checked without keys (record-schemas.ts) while, and only while, the record holds no key
 * and no device: set at such a sighting, kept through sightings that check nothing, dropped once a key or a device is
 * on record (it then says nothing more). Whether the record changed.
 */
function markCheckedWithoutKeys(c: ContactRecord, p: ParticipantView): boolean {
  const bare = c.currentKey === null && c.devices.length === 0;
  if (bare && seenWithoutKeys(p) && c.checkedWithoutKeys !== true) {
    c.checkedWithoutKeys = true;
    return true;
  }
  if (!bare && c.checkedWithoutKeys !== undefined) {
    delete c.checkedWithoutKeys;
    return true;
  }
  return false;
}

/**
 * Whether the devices listed are the first ones on record, in the same order (with the same verdicts, when
 * `sameVouch`). A loop, not every() with a closure: it runs for each of up to 10,000 participants.
 */
function devicesOnRecord(c: ContactRecord, devices: readonly DeviceView[], sameVouch: boolean): boolean {
  if (devices.length > c.devices.length) return false;
  for (let i = 0; i < devices.length; i++) {
    const known = c.devices[i]!;
    const d = devices[i]!;
    if (known.id !== d.id || (sameVouch && known.vouch !== d.vouch) || !sameKey(known.key, d.key)) return false;
  }
  return true;
}

export function observeParticipant(
  before: ContactRecord | null,
  p: ParticipantView,
  where: { origin: string; account: string },
  now: number,
): ContactObservation {
  if (before && unchanged(before, p, now)) {
    return {
      participant: p,
      before,
      after: before,
      dirty: false,
      firstKey: null,
      hadKey: before.currentKey !== null,
      keyChange: null,
      newDevices: NO_DEVICES,
      newIdentity: UNSETTLED.has(before.trust),
      illegal: null,
    };
  }
  const after = before ? copyContact(before) : newContact(where.origin, where.account, p, now);
  let material = before === null || after.name !== p.name;
  after.name = p.name;
  after.lastSeen = Math.max(after.lastSeen, now);

  const keyStep = observeKey(after, p.identityKey, now);
  material ||= keyStep.material;
  let illegal: string | null = null;
  if (keyStep.event) {
    const moved = transition(after.trust, keyStep.event);
    if (moved.state !== after.trust) {
      after.trust = moved.state;
      after.trustSince = now;
      material = true;
    }
    if (moved.illegal) {
      illegal = moved.illegal;
      after.invalidReason = moved.illegal;
      material = true;
    }
  }

  const deviceStep = observeDevices(after, p.devices, now);
  material ||= deviceStep.material;
  material = markCheckedWithoutKeys(after, p) || material;

  const keyChange =
    keyStep.event === 'new-key' && keyStep.previous && p.identityKey
      ? { from: keyStep.previous, to: p.identityKey, wasVerified: VERIFIED_BEFORE.has(before?.trust ?? 'unkeyed') }
      : null;
  return {
    participant: p,
    before,
    after,
    dirty: material || before === null || now - before.lastSeen >= LAST_SEEN_RESOLUTION_MS,
    firstKey: keyStep.event === 'first-key' ? p.identityKey : null,
    hadKey: before !== null && before.currentKey !== null,
    keyChange,
    // First sight of someone's keys (a contact known so far only by name, nothing of theirs checked) adds no device;
    // someone seen checked with none has theirs judged as new.
    newDevices:
      before === null || (before.currentKey === null && before.devices.length === 0 && before.checkedWithoutKeys !== true)
        ? NO_DEVICES
        : deviceStep.added,
    newIdentity: keyChange !== null || UNSETTLED.has(after.trust),
    illegal,
  };
}

interface KeyStep {
  event: TrustEvent | null;
  previous: PublicKeyRef | null;
  material: boolean;
}

/** Records the identity key seen; a missing or unusable key changes nothing about trust. */
function observeKey(c: ContactRecord, seen: PublicKeyRef | null, now: number): KeyStep {
  if (seen === null) return { event: null, previous: null, material: false };
  const previous = c.currentKey;
  const event: TrustEvent = previous === null ? 'first-key' : sameKey(previous, seen) ? 'same-key' : 'new-key';
  let material = event !== 'same-key';
  let sighting: KeySighting | undefined;
  for (let i = 0; i < c.keys.length && sighting === undefined; i++) if (sameKey(c.keys[i]!.key, seen)) sighting = c.keys[i];
  if (sighting) {
    sighting.lastSeen = Math.max(sighting.lastSeen, now);
  } else {
    c.keys.push({ key: copyKey(seen), firstSeen: now, lastSeen: now });
    material = true;
  }
  // The same key keeps the object on record: a key is never changed once made.
  if (event !== 'same-key') c.currentKey = copyKey(seen);
  return { event, previous, material };
}

function observeDevices(c: ContactRecord, devices: readonly DeviceView[], now: number): { added: DeviceView[]; material: boolean } {
  // Fast path for the usual case: the devices listed are the first ones on record, in the same order.
  if (devicesOnRecord(c, devices, false)) {
    let material = false;
    for (let i = 0; i < devices.length; i++) {
      const known = c.devices[i]!;
      known.lastSeen = Math.max(known.lastSeen, now);
      if (known.vouch !== devices[i]!.vouch) {
        known.vouch = devices[i]!.vouch;
        material = true;
      }
    }
    return { added: [], material };
  }
  const index = new Map(c.devices.map((d, i) => [deviceToken(d.id, d.key), i]));
  const added: DeviceView[] = [];
  let material = false;
  for (const d of devices) {
    const at = index.get(deviceToken(d.id, d.key));
    const known = at === undefined ? undefined : c.devices[at];
    if (known) {
      known.lastSeen = Math.max(known.lastSeen, now);
      if (known.vouch !== d.vouch) {
        known.vouch = d.vouch;
        material = true;
      }
    } else {
      index.set(deviceToken(d.id, d.key), c.devices.length);
      c.devices.push({ id: d.id, key: copyKey(d.key), vouch: d.vouch, firstSeen: now, lastSeen: now });
      added.push(d);
      material = true;
    }
  }
  return { added, material };
}

export function deviceToken(id: string, key: PublicKeyRef | null): string {
  return `${id}\n${keyToken(key)}`;
}
