// The usual snapshot, recognised without copying it: every field of the shape
// snapshot-check.ts's schema asks for, within its limits, no other field, every
// key in its canonical spelling. Such a snapshot is exactly what the schema
// would give back as its copy, so the check uses it as it is; anything else
// (an extra field, an unusual value, a refusal to explain) goes through the
// schema as before, which alone says why. The schema builds a copy of every
// participant and device: at 10,000 participants that copy outlives the young
// generation of the garbage collector and made a large roster cost more than
// its size (profiled: a third of a warm ingest of 10,000).
import { isCanonicalKeySpelling } from '../../key-spelling';
import { hasNoGetter } from '../data-field';
import { DEVICE_VOUCHES, IDENTITY_STATUSES, type ParticipantView, type PublicKeyRef, type RosterSnapshot } from '../../roster';

export interface PlainLimits {
  maxParticipants: number;
  maxDevicesPerParticipant: number;
  maxIdLength: number;
  maxTextLength: number;
  maxMessengerLength: number;
  maxProblems: number;
  maxProblemLength: number;
}

const VOUCHES: ReadonlySet<unknown> = new Set(DEVICE_VOUCHES);
const STATUSES: ReadonlySet<unknown> = new Set(IDENTITY_STATUSES);

function isRecord(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether every field of `o` is one of `allowed`, and each of those it has holds a plain, enumerable value (no
 * getter, which could answer differently when read again); required ones are checked by the caller. The names
 * are lists, not sets: a handful each, and walking a set made an iterator for every object checked.
 */
function onlyFields(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  let listed = 0;
  for (const key in o) {
    if (!allowed.includes(key) || !hasNoGetter(o, key)) return false;
    listed++;
  }
  // A field for...in did not list (not enumerable) is one the schema would still read.
  let own = 0;
  for (let i = 0; i < allowed.length; i++) if (Object.hasOwn(o, allowed[i]!)) own++;
  return own === listed;
}

const text = (x: unknown, max: number) => typeof x === 'string' && x.length <= max;
const id = (x: unknown, max: number) => typeof x === 'string' && x.length >= 1 && x.length <= max;
const optional = (o: Record<string, unknown>, key: string, ok: (x: unknown) => boolean) => !Object.hasOwn(o, key) || ok(o[key]);

function plainKey(x: unknown): x is PublicKeyRef | null {
  if (x === null) return true;
  if (!isRecord(x) || !onlyFields(x, KEY_FIELDS)) return false;
  return (
    (x.algorithm === 'curve25519' || x.algorithm === 'ed25519') &&
    typeof x.key === 'string' &&
    isCanonicalKeySpelling(x as unknown as PublicKeyRef)
  );
}

const KEY_FIELDS: readonly string[] = ['algorithm', 'key'];
const DEVICE_FIELDS: readonly string[] = ['id', 'key', 'vouch', 'encryptedTo', 'dehydrated'];
const PARTICIPANT_FIELDS: readonly string[] = [
  'id',
  'name',
  'identityKey',
  'identityProblem',
  'identityStatus',
  'shown',
  'isSelf',
  'devices',
];
const CONVERSATION_FIELDS: readonly string[] = ['id', 'title', 'kind'];
const UNREAD_FIELDS: readonly string[] = ['states', 'responses'];
const SNAPSHOT_FIELDS: readonly string[] = [
  'messenger',
  'adapter',
  'account',
  'accountDevice',
  'conversation',
  'participants',
  'problems',
  'unread',
];

const count = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
// Checks passed to optional() for every participant and device: made once, not a closure for each.
const isBoolean = (x: unknown) => typeof x === 'boolean';
const isStatus = (x: unknown) => STATUSES.has(x);

function plainDevice(d: unknown, L: PlainLimits): boolean {
  return (
    isRecord(d) &&
    onlyFields(d, DEVICE_FIELDS) &&
    id(d.id, L.maxIdLength) &&
    Object.hasOwn(d, 'key') &&
    plainKey(d.key) &&
    VOUCHES.has(d.vouch) &&
    typeof d.encryptedTo === 'boolean' &&
    optional(d, 'dehydrated', isBoolean)
  );
}

function plainParticipant(p: unknown, L: PlainLimits): boolean {
  if (!isRecord(p) || !onlyFields(p, PARTICIPANT_FIELDS)) return false;
  if (!id(p.id, L.maxIdLength) || !text(p.name, L.maxTextLength)) return false;
  if (!Object.hasOwn(p, 'identityKey') || !plainKey(p.identityKey)) return false;
  if (!(p.identityProblem === null || text(p.identityProblem, L.maxProblemLength))) return false;
  if (!optional(p, 'identityStatus', isStatus)) return false;
  if (typeof p.shown !== 'boolean' || typeof p.isSelf !== 'boolean') return false;
  const devices = p.devices;
  if (!Array.isArray(devices) || devices.length > L.maxDevicesPerParticipant) return false;
  for (const d of devices) if (!plainDevice(d, L)) return false;
  return true;
}

/**
 * Whether `s` is a snapshot the schema takes as it is (its copy would equal it); false for anything unusual.
 * `each` is shown every participant found plain, in order, with the account (for checks in the same walk).
 */
export function isPlainSnapshot(s: unknown, L: PlainLimits, each?: (p: ParticipantView, account: string) => void): s is RosterSnapshot {
  try {
    return plainSnapshot(s, L, each);
  } catch {
    return false; // Whatever threw is for the schema to refuse, with its reason.
  }
}

function plainSnapshot(s: unknown, L: PlainLimits, each?: (p: ParticipantView, account: string) => void): s is RosterSnapshot {
  if (!isRecord(s) || !onlyFields(s, SNAPSHOT_FIELDS)) return false;
  if (!id(s.messenger, L.maxMessengerLength) || (s.adapter !== 'page-protocol' && s.adapter !== 'matrix')) return false;
  if (!id(s.account, L.maxIdLength) || !optional(s, 'accountDevice', (x) => id(x, L.maxIdLength))) return false;
  const c = s.conversation;
  if (!isRecord(c) || !onlyFields(c, CONVERSATION_FIELDS)) return false;
  if (!id(c.id, L.maxIdLength) || !text(c.title, L.maxTextLength) || (c.kind !== 'direct' && c.kind !== 'group')) return false;
  const problems = s.problems;
  if (!Array.isArray(problems) || problems.length > L.maxProblems) return false;
  for (const problem of problems) if (!text(problem, L.maxProblemLength)) return false;
  if (Object.hasOwn(s, 'unread')) {
    const u = s.unread;
    if (!isRecord(u) || !onlyFields(u, UNREAD_FIELDS) || !optional(u, 'states', count) || !optional(u, 'responses', count)) return false;
  }
  const participants = s.participants;
  if (!Array.isArray(participants) || participants.length > L.maxParticipants) return false;
  for (let i = 0; i < participants.length; i++) {
    const p: unknown = participants[i];
    if (!plainParticipant(p, L)) return false;
    each?.(p as ParticipantView, s.account as string);
  }
  return true;
}
