// Version 0 of the store: one object under the key "keywatch" holding every
// contact and conversation, keyed by space-joined names. It had to be read and
// rewritten whole for every snapshot, and "a b" + "c" collided with "a" + "b c";
// version 1 splits it into one record per contact, conversation and alert.
// This file knows the old shape and turns each entry into version 1 records.

import * as v from 'valibot';
import type { PublicKeyRef } from '../../../roster';
import { describeIssues } from '../read-record';
import type { V1ConversationRecord } from './legacy-v1';
import type { ContactRecord, DeviceSighting, KeySighting, RosterMember, VerificationMethod } from '../record-schemas';

const time = v.pipe(v.number(), v.finite(), v.minValue(0));
const alg = v.picklist(['curve25519', 'ed25519']);
const vouch = v.picklist(['signed', 'unsigned', 'bad-signature', 'invalid-key']);
const b64 = v.pipe(v.string(), v.minLength(1), v.maxLength(256), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'key is not base64'));

export const V0ContactSchema = v.object({
  messenger: v.string(),
  account: v.string(),
  id: v.string(),
  name: v.string(),
  seenKeys: v.array(v.object({ alg, b64, first: time, last: time })),
  devices: v.array(v.object({ id: v.string(), alg: v.nullable(alg), b64: v.nullable(b64), vouch, first: time, last: time })),
  verified: v.nullable(v.object({ alg, b64, at: time, how: v.picklist(['qr', 'digits', 'voice']) })),
});

export const V0ConversationSchema = v.object({
  messenger: v.string(),
  account: v.string(),
  id: v.string(),
  title: v.string(),
  group: v.boolean(),
  seen: time,
  last: time,
  members: v.array(
    v.object({
      id: v.string(),
      self: v.boolean(),
      shown: v.boolean(),
      alg: v.nullable(alg),
      b64: v.nullable(b64),
      devices: v.array(v.object({ id: v.string(), alg: v.nullable(alg), b64: v.nullable(b64), vouch, encrypted: v.boolean() })),
    }),
  ),
});

export const V0StoreSchema = v.object({
  contacts: v.record(v.string(), v.unknown()),
  conversations: v.record(v.string(), v.unknown()),
});

type Converted<T> = { ok: true; record: T } | { ok: false; reason: string };

const ref = (a: 'curve25519' | 'ed25519' | null, k: string | null): PublicKeyRef | null =>
  a !== null && k !== null ? { algorithm: a, key: k } : null;

const HOW: { readonly [H in 'qr' | 'digits' | 'voice']: VerificationMethod } = { qr: 'scanned', digits: 'typed', voice: 'read-aloud' };

export function convertV0Contact(entry: unknown): Converted<ContactRecord> {
  const parsed = v.safeParse(V0ContactSchema, entry);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.issues) };
  const c = parsed.output;
  const keys: KeySighting[] = c.seenKeys.map((k) => ({ key: { algorithm: k.alg, key: k.b64 }, firstSeen: k.first, lastSeen: k.last }));
  const verifiedKey = c.verified ? { algorithm: c.verified.alg, key: c.verified.b64 } : null;
  if (verifiedKey && c.verified && !keys.some((k) => k.key.algorithm === verifiedKey.algorithm && k.key.key === verifiedKey.key)) {
    keys.push({ key: verifiedKey, firstSeen: c.verified.at, lastSeen: c.verified.at });
  }
  // The key seen last is the current one; on a tie, the later entry.
  const current = keys.reduce<KeySighting | null>((best, k) => (best === null || k.lastSeen >= best.lastSeen ? k : best), null);
  const devices: DeviceSighting[] = c.devices.map((d) => ({
    id: d.id,
    key: ref(d.alg, d.b64),
    vouch: d.vouch,
    firstSeen: d.first,
    lastSeen: d.last,
  }));
  const times = [...keys.flatMap((k) => [k.firstSeen, k.lastSeen]), ...devices.flatMap((d) => [d.firstSeen, d.lastSeen])];
  const verifiedIsCurrent =
    verifiedKey !== null && current !== null && current.key.algorithm === verifiedKey.algorithm && current.key.key === verifiedKey.key;
  return {
    ok: true,
    record: {
      origin: c.messenger,
      account: c.account,
      contactId: c.id,
      name: c.name,
      firstSeen: times.length ? Math.min(...times) : 0,
      lastSeen: times.length ? Math.max(...times) : 0,
      keys,
      currentKey: current ? { ...current.key } : null,
      devices,
      verifications: c.verified && verifiedKey ? [{ method: HOW[c.verified.how], at: c.verified.at, key: verifiedKey }] : [],
      trust: current === null ? 'unkeyed' : verifiedKey === null ? 'first-seen' : verifiedIsCurrent ? 'verified' : 'changed-after-verified',
      trustSince: c.verified?.at ?? current?.firstSeen ?? 0,
      invalidReason: null,
    },
  };
}

export function convertV0Conversation(entry: unknown): Converted<V1ConversationRecord> {
  const parsed = v.safeParse(V0ConversationSchema, entry);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.issues) };
  const c = parsed.output;
  const roster: RosterMember[] = c.members.map((m) => ({
    id: m.id,
    // Version 0 kept no names in conversations: alert texts fall back to the id.
    name: '',
    shown: m.shown,
    isSelf: m.self,
    identityKey: ref(m.alg, m.b64),
    devices: m.devices.map((d) => ({ id: d.id, key: ref(d.alg, d.b64), vouch: d.vouch, encryptedTo: d.encrypted })),
  }));
  return {
    ok: true,
    record: {
      origin: c.messenger,
      account: c.account,
      conversationId: c.id,
      title: c.title,
      kind: c.group ? 'group' : 'direct',
      firstSeen: c.seen,
      lastSeen: c.last,
      roster,
      problems: [],
      // Version 0 kept no level: start unverified; the next snapshot settles it.
      level: 'unverified',
      levelSince: c.last,
    },
  };
}
