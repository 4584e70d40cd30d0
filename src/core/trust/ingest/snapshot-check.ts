// The trust store re-checks every snapshot it is given, whatever produced it:
// a snapshot is built from hostile page data, and one bad field must be
// refused with a reason, never half-applied. Limits sit above every adapter's
// own, so only a snapshot no adapter could have produced is refused on size.
// Keys are compared as text, so every key must come in its one canonical
// spelling (core/key-spelling.ts): an adapter that forgot is refused, not trusted.

import * as v from 'valibot';
import { respelledKey } from '../../key-spelling';
import { IDENTITY_STATUSES, type ParticipantView, type RosterSnapshot } from '../../roster';
import { describeIssues } from '../store/read-record';
import { PublicKeyRefSchema, VouchSchema } from '../store/record-schemas';
import { isPlainSnapshot } from './snapshot-plain';

export const SNAPSHOT_LIMITS = {
  maxParticipants: 10_000,
  maxDevicesPerParticipant: 256,
  maxIdLength: 1024,
  maxTextLength: 1024,
  maxMessengerLength: 2048,
  maxProblems: 10_000,
  maxProblemLength: 2048,
} as const;

const L = SNAPSHOT_LIMITS;
const bounded = (max: number, what: string) =>
  v.pipe(v.string(`expected ${what} as text`), v.maxLength(max, `${what} longer than ${max} characters`));
const id = (what: string) => v.pipe(bounded(L.maxIdLength, what), v.minLength(1, `empty ${what}`));

const CanonicalKeySchema = v.pipe(
  PublicKeyRefSchema,
  v.check((ref) => respelledKey(ref) === ref, 'a key not in its canonical spelling (an adapter must convert every key)'),
);

const DeviceSchema = v.object({
  id: id('device id'),
  key: v.nullable(CanonicalKeySchema),
  vouch: VouchSchema,
  encryptedTo: v.boolean('expected encryptedTo to be true or false'),
  dehydrated: v.optional(v.boolean('expected dehydrated to be true or false')),
});

const ParticipantSchema = v.object({
  id: id('participant id'),
  name: bounded(L.maxTextLength, 'name'),
  identityKey: v.nullable(CanonicalKeySchema),
  identityProblem: v.nullable(bounded(L.maxProblemLength, 'identity problem')),
  identityStatus: v.optional(v.picklist(IDENTITY_STATUSES, 'unknown identity status')),
  shown: v.boolean('expected shown to be true or false'),
  isSelf: v.boolean('expected isSelf to be true or false'),
  devices: v.pipe(v.array(DeviceSchema, 'expected a device list'), v.maxLength(L.maxDevicesPerParticipant, 'too many devices')),
});

const unreadCount = (what: string) =>
  v.optional(
    v.pipe(
      v.number(`expected a count of ${what}`),
      v.safeInteger(`expected a whole count of ${what}`),
      v.minValue(0, `negative count of ${what}`),
    ),
  );

const SnapshotSchema = v.object({
  messenger: v.pipe(bounded(L.maxMessengerLength, 'messenger origin'), v.minLength(1, 'empty messenger origin')),
  adapter: v.picklist(['page-protocol', 'matrix'], 'unknown adapter'),
  account: id('account'),
  accountDevice: v.optional(id('account device')),
  conversation: v.object({
    id: id('conversation id'),
    title: bounded(L.maxTextLength, 'conversation title'),
    kind: v.picklist(['direct', 'group'], 'unknown conversation kind'),
  }),
  participants: v.pipe(v.array(ParticipantSchema, 'expected a participant list'), v.maxLength(L.maxParticipants, 'too many participants')),
  problems: v.pipe(
    v.array(bounded(L.maxProblemLength, 'problem'), 'expected a problem list'),
    v.maxLength(L.maxProblems, 'too many problems'),
  ),
  unread: v.optional(v.strictObject({ states: unreadCount('states'), responses: unreadCount('responses') }, 'unexpected unread report')),
});

export type SnapshotCheck = { ok: true; snapshot: RosterSnapshot } | { ok: false; reason: string };

/**
 * The snapshot checked: the usual one as it is (snapshot-plain.ts: exactly what the schema would copy), any other
 * through the schema, which copies it without unknown fields or refuses it with the reason.
 */
export function checkSnapshot(input: unknown): SnapshotCheck {
  // Each participant is checked for contradictions as the plain check passes it, in the same walk: at 10,000
  // participants a second walk finds the snapshot out of the processor's caches. A snapshot that is not plain
  // goes through the schema, and its contradictions are looked for after.
  const ids = new Set<string>();
  let inconsistency: string | null = null;
  const plain = isPlainSnapshot(input, L, (p, account) => {
    inconsistency ??= participantInconsistency(p, account, ids);
  });
  if (!plain) return checkWithSchema(input);
  return inconsistency ? { ok: false, reason: `snapshot refused: ${inconsistency}` } : { ok: true, snapshot: input };
}

/** The check by the schema alone (exported for the test that holds the plain path to it). */
export function checkWithSchema(input: unknown): SnapshotCheck {
  let parsed: v.SafeParseResult<typeof SnapshotSchema>;
  try {
    parsed = v.safeParse(SnapshotSchema, input);
  } catch (error) {
    return { ok: false, reason: `snapshot refused: unreadable (${String(error)})` };
  }
  if (!parsed.success) return { ok: false, reason: `snapshot refused: ${describeIssues(parsed.issues)}` };
  const snapshot = parsed.output;
  const inconsistency = findInconsistency(snapshot);
  return inconsistency ? { ok: false, reason: `snapshot refused: ${inconsistency}` } : { ok: true, snapshot };
}

/** The first device id listed twice, or null. A few devices are compared pairwise: no set for each of 10,000 participants. */
function repeatedDeviceId(devices: readonly { id: string }[]): string | null {
  if (devices.length <= 8) {
    for (let i = 1; i < devices.length; i++) for (let j = 0; j < i; j++) if (devices[i]!.id === devices[j]!.id) return devices[i]!.id;
    return null;
  }
  const ids = new Set<string>();
  for (const d of devices) {
    if (ids.has(d.id)) return d.id;
    ids.add(d.id);
  }
  return null;
}

/** Duplicates and contradictions the shape alone cannot express. */
function findInconsistency(s: RosterSnapshot): string | null {
  const seen = new Set<string>();
  for (let i = 0; i < s.participants.length; i++) {
    const inconsistency = participantInconsistency(s.participants[i]!, s.account, seen);
    if (inconsistency !== null) return inconsistency;
  }
  return null;
}

/** A UTF-16 surrogate not in a pair: UTF-8 (the stable id safety and group numbers hash) turns every one into U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The first contradiction in one participant (or a repeated id, against the ids `seen` so far, which it joins). */
function participantInconsistency(p: ParticipantView, account: string, seen: Set<string>): string | null {
  // One probe of the set, not has() then add(): at 10,000 participants each probe is a miss in the caches.
  const before = seen.size;
  if (seen.add(p.id).size === before) return `participant ${JSON.stringify(p.id)} appears twice`;
  // Two such ids would be two contacts with one safety number and one group-number record.
  if (LONE_SURROGATE.test(p.id)) return `participant ${JSON.stringify(p.id)} has an id that is not well-formed text`;
  if (p.isSelf !== (p.id === account)) {
    return `participant ${JSON.stringify(p.id)} is ${p.isSelf ? 'marked as' : 'not marked as'} the account holder, contrary to the account`;
  }
  if (p.identityKey !== null && p.identityProblem !== null) {
    return `participant ${JSON.stringify(p.id)} has both an identity key and an identity problem`;
  }
  if (p.identityKey !== null && p.identityStatus !== undefined) {
    return `participant ${JSON.stringify(p.id)} has an identity key and says it has none (${p.identityStatus})`;
  }
  if (p.identityStatus === 'unchecked' && p.devices.length > 0) {
    return `participant ${JSON.stringify(p.id)} is not checked yet but lists devices`;
  }
  const twice = repeatedDeviceId(p.devices);
  if (twice !== null) return `participant ${JSON.stringify(p.id)} lists device ${JSON.stringify(twice)} twice`;
  return null;
}
